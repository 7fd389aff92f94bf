/**
 * What an app sees when every client of its pg.Pool is checked out and one more is asked for.
 * @module
 */
import pg from '../../internal/pg.js'
import { type ClassifiedNetworkError, classifyNetworkError } from '../classify-error.js'
import { settleWithin } from './settle.js'

/** Options of `observePoolExhaustion`. */
export interface ObservePoolExhaustionOptions {
  /** The pool to exhaust, configured as the app configures it; or `url` to make one. */
  readonly pool?: pg.Pool
  readonly url?: string
  /** For a pool made from `url`: `max`, default 2. */
  readonly max?: number
  /** For a pool made from `url`: `connectionTimeoutMillis`, default 100 (pg's default 0 waits forever). */
  readonly connectionTimeoutMillis?: number
  /** How long the extra request may wait before it is called `hung`; default 2000 ms. */
  readonly waitMs?: number
}

/** What the app saw. */
export interface PoolExhaustionObservation {
  readonly kind: 'pool-exhaustion'
  readonly max: number
  /** The extra request: `failed` (timeout), or `hung` (a pool without connectionTimeoutMillis). */
  readonly outcome: 'failed' | 'hung' | 'completed'
  /** Its error: kind `pool-timeout`, "timeout exceeded when trying to connect". */
  readonly error: ClassifiedNetworkError | undefined
  /** `pool.waitingCount` while the extra request waited. */
  readonly waitingWhileExhausted: number
  /** Whether a waiting request got the client released by another. */
  readonly servedAfterRelease: boolean
}

/**
 * Checks out every client of the pool, asks for one more, then releases one to a new waiter.
 *
 * @example
 * const seen = await observePoolExhaustion({ url: db.url, max: 2, connectionTimeoutMillis: 100 })
 * expect(seen.error?.kind).toBe('pool-timeout')
 * expect(seen.servedAfterRelease).toBe(true)
 */
export async function observePoolExhaustion(
  options: ObservePoolExhaustionOptions,
): Promise<PoolExhaustionObservation> {
  const owned = options.pool === undefined
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.url,
      max: options.max ?? 2,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 100,
    })
  pool.on('error', () => undefined)
  const max = (pool as unknown as { options: { max: number } }).options.max
  const held: pg.PoolClient[] = []
  const waitMs = options.waitMs ?? 2000
  try {
    for (let i = 0; i < max; i++) held.push(await connectForSetup(pool))
    const extra = pool.connect()
    const waitingWhileExhausted = pool.waitingCount
    const seen = await settleWithin(extra, waitMs)
    if (seen.outcome === 'completed') held.push(seen.value)
    // A request still waiting (no timeout) is first in line: it hands its client straight on.
    if (seen.outcome === 'hung')
      void extra.then(
        (c) => c.release(),
        () => undefined,
      )
    // A new waiter, then a release: the released client must reach it.
    const waiter = pool.connect()
    held.shift()?.release()
    const served = await settleWithin(waiter, waitMs)
    if (served.outcome === 'completed') held.push(served.value)
    return Object.freeze({
      kind: 'pool-exhaustion',
      max,
      outcome: seen.outcome,
      error: seen.outcome === 'failed' ? classifyNetworkError(seen.error) : undefined,
      waitingWhileExhausted,
      servedAfterRelease: served.outcome === 'completed',
    })
  } finally {
    for (const c of held) c.release()
    if (owned) await pool.end()
  }
}

/**
 * Fills the pool before the observation starts. A short `connectionTimeoutMillis` is about the
 * extra request, not these: on a loaded machine a first connection can take longer, so retry.
 */
async function connectForSetup(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.connect()
    } catch (err) {
      if (attempt >= 20 || !/timeout/i.test((err as Error).message)) throw err
    }
  }
}
