/**
 * `fetch` with a timeout and the caller's signal, and a JSON body reader that never throws.
 * @module
 */

/** Options every network step takes. */
export interface HttpOptions {
  /** Aborts the whole rotation. */
  readonly signal?: AbortSignal
  /** Per-request timeout in ms (default 30 000). */
  readonly timeoutMs?: number
  /** A fetch to use instead of the global one (e.g. with a proxy agent). */
  readonly fetch?: typeof fetch
}

/**
 * Sends a request with a timeout.
 *
 * @example
 * const res = await send('https://oauth2.googleapis.com/token', { method: 'POST', body }, {})
 */
export async function send(url: string, init: RequestInit, options: HttpOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  return (options.fetch ?? fetch)(url, { ...init, signal })
}

/**
 * Reads a JSON object body, or `{}` when the body is not a JSON object.
 *
 * @example
 * const body = await jsonBody(res)
 */
export async function jsonBody(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text()
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}
