/**
 * `pgtestbed wait`: polls a `url` server (a CI service container still booting) until it accepts
 * connections AND the role may create databases — the two things a test run needs — or a
 * timeout passes, and then says which of the two never came true.
 * @module
 */
import { redactUrl, startUrl } from '../engine/index.js'
import { EngineError, failure, messageOf, PgtestbedError } from '../errors.js'

/** Options of {@link waitForServer}. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 60 000). */
  readonly timeoutMs?: number
  /** Pause between attempts (default 250 ms). */
  readonly intervalMs?: number
  readonly signal?: AbortSignal
}

/** What a successful wait saw. */
export interface WaitResult {
  readonly url: string
  readonly serverVersion: string
  readonly attempts: number
  readonly ms: number
}

/**
 * Resolves once `url` answers and its role may create databases; throws `PGT_UNREACHABLE` or
 * `PGT_NO_CREATEDB` (whichever the last attempt hit) after the timeout.
 *
 * @example
 * await waitForServer(process.env.DATABASE_URL, { timeoutMs: 30_000 })
 */
export async function waitForServer(url: string, options: WaitOptions = {}): Promise<WaitResult> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const intervalMs = options.intervalMs ?? 250
  const started = performance.now()
  let attempts = 0
  for (;;) {
    attempts++
    try {
      const engine = await startUrl(url)
      await engine.close()
      return {
        url: redactUrl(url),
        serverVersion: engine.serverVersion,
        attempts,
        ms: Math.round(performance.now() - started),
      }
    } catch (err) {
      if (!(err instanceof PgtestbedError)) throw err
      const elapsed = performance.now() - started
      if (elapsed + intervalMs > timeoutMs || options.signal?.aborted === true)
        throw timedOut(err, url, timeoutMs)
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}

function timedOut(last: PgtestbedError, url: string, timeoutMs: number): EngineError {
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`
  if (last.code === 'PGT_NO_CREATEDB') {
    return new EngineError(
      'PGT_NO_CREATEDB',
      failure(
        `wait for ${redactUrl(url)}`,
        `the server accepts connections, but after ${seconds} the role still may not create databases`,
        "Grant it (ALTER ROLE … CREATEDB) or use a role that can, e.g. the service container's POSTGRES_USER.",
      ),
      { cause: last },
    )
  }
  return new EngineError(
    'PGT_UNREACHABLE',
    failure(
      `wait for ${redactUrl(url)}`,
      `the server did not accept connections within ${seconds} (last error: ${causeOf(last)})`,
      'Check that the server or service container is running, its port is mapped, and the URL is right; or raise --timeout.',
    ),
    { cause: last },
  )
}

function causeOf(err: PgtestbedError): string {
  const cause = err.cause as { code?: string } | undefined
  return (cause === undefined ? '' : messageOf(cause)) || cause?.code || err.message
}
