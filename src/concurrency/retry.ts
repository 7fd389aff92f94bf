/**
 * Retrying a transaction on serialization failures (40001) and deadlocks (40P01), the two
 * failures PostgreSQL's documentation says to retry. Anything else is thrown at once.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises'
import { classifyError, type ErrorClass } from './classify-error.js'

/** Options of `withRetry`. */
export interface RetryOptions {
  /** Most attempts in all (first try included); default 5. */
  readonly attempts?: number
  /** Classes to retry; default `['serialization-failure', 'deadlock']`. */
  readonly retryOn?: readonly ErrorClass[]
  /** First backoff in ms, doubled each time with full jitter; default 5. 0 retries at once. */
  readonly backoffMs?: number
  /** Cap of one backoff; default 200 ms. */
  readonly maxBackoffMs?: number
  /** Called before each retry, e.g. to count retries. */
  readonly onRetry?: (info: { attempt: number; error: unknown; errorClass: ErrorClass }) => void
  readonly signal?: AbortSignal
}

/**
 * Runs `fn`, and runs it again when it fails with a retryable error, up to `attempts` times.
 * `fn` must run the whole transaction (BEGIN … COMMIT) so that a retry starts from scratch.
 * The last error is thrown when attempts run out; its `attempts` property says how many ran.
 *
 * @example
 * await withRetry(async () => {
 *   await client.query('begin isolation level serializable')
 *   try {
 *     await transfer(client, from, to, amount)
 *     await client.query('commit')
 *   } catch (err) {
 *     await client.query('rollback')
 *     throw err
 *   }
 * })
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5)
  const retryOn = new Set(options.retryOn ?? ['serialization-failure', 'deadlock'])
  const base = options.backoffMs ?? 5
  const cap = options.maxBackoffMs ?? 200
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      const errorClass = classifyError(error).class
      if (!retryOn.has(errorClass) || attempt >= attempts) {
        if (error !== null && typeof error === 'object') {
          Object.defineProperty(error, 'attempts', { value: attempt, configurable: true })
        }
        throw error
      }
      options.onRetry?.({ attempt, error, errorClass })
      const backoff = base <= 0 ? 0 : Math.random() * Math.min(cap, base * 2 ** (attempt - 1))
      await delay(backoff, undefined, options.signal === undefined ? {} : { signal: options.signal })
    }
  }
}
