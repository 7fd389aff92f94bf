/**
 * Small shared pieces of the resilience helpers.
 * @module
 */

/** How a watched operation ended within the wait. */
export type Settled<T> =
  | { readonly outcome: 'completed'; readonly value: T }
  | { readonly outcome: 'failed'; readonly error: unknown }
  | { readonly outcome: 'hung' }

/**
 * Waits for `promise` at most `waitMs`; `hung` means it neither resolved nor rejected by then.
 * (Used where nothing can arrive, e.g. behind a black hole, so `hung` is a fact, not a race.)
 *
 * @example
 * const seen = await settleWithin(client.query('SELECT 1'), 1000)
 */
export async function settleWithin<T>(promise: Promise<T>, waitMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: 'hung' }), waitMs)
  })
  try {
    return await Promise.race([
      promise.then(
        (value): Settled<T> => ({ outcome: 'completed', value }),
        (error: unknown): Settled<T> => ({ outcome: 'failed', error }),
      ),
      hung,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Resolves when `client` emits 'end' (its connection is gone and every error has been emitted),
 * or after `waitMs`.
 *
 * @example
 * await ended(client, 1000)
 */
export function ended(
  client: { once(event: 'end', listener: () => void): unknown },
  waitMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, waitMs)
    client.once('end', () => {
      clearTimeout(timer)
      // One more turn: pg emits its last error just before 'end'; pools remove clients on it.
      setImmediate(resolve)
    })
  })
}
