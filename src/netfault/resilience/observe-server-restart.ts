/**
 * What an app sees when PostgreSQL restarts under it: a busy client, an idle client, a pool,
 * and a fresh connection after the restart.
 * @module
 */
import pg from '../../internal/pg.js'
import { type ClassifiedNetworkError, classifyNetworkError } from '../classify-error.js'
import { ended, settleWithin } from './settle.js'

/** Options of `observeServerRestart`. */
export interface ObserveServerRestartOptions {
  /** The database URL; it must answer again on the same address after `restart()`. */
  readonly url: string
  /**
   * Stops the server and starts it again on the same address. With the embedded engine:
   * `await cluster.close(); cluster = await startEmbedded({ port })` (a new, empty cluster on the
   * same port). With a fault proxy in front: `await proxy.down(); await proxy.up()`.
   */
  readonly restart: () => Promise<unknown>
  /** pg client settings as the app uses them. */
  readonly client?: Omit<pg.ClientConfig, 'connectionString'>
  /** Bound on each wait (the busy query, the pool's retry); default 10 000 ms. */
  readonly waitMs?: number
}

/** What the app saw. */
export interface ServerRestartObservation {
  readonly kind: 'server-restart'
  /** The query in flight during the restart. */
  readonly busyQuery: {
    readonly outcome: 'failed' | 'hung' | 'completed'
    readonly error: ClassifiedNetworkError | undefined
  }
  /** 'error' events of a client that sat idle through the restart (unhandled, they crash an app). */
  readonly idleClientErrors: readonly ClassifiedNetworkError[]
  /** The idle client's next query: it fails, the client does not reconnect by itself. */
  readonly idleClientNextQuery: ClassifiedNetworkError | undefined
  /**
   * Whether `pool.query()` worked after the restart, once the pool noticed the drop (pg.Pool
   * removes broken idle clients; a query issued before it noticed fails like the idle client's).
   */
  readonly poolRecovered: boolean
  /**
   * Notices the server sent as it went down (an immediate shutdown warns with SQLSTATE 57P01
   * "terminating connection due to immediate shutdown command" before it cuts the connection).
   */
  readonly serverNotices: readonly { readonly sqlstate: string | undefined; readonly message: string }[]
  /** Whether a new client could connect and query after the restart. */
  readonly freshClientConnected: boolean
}

/**
 * Connects a busy client, an idle client and a pool, calls `restart()`, and reports what each saw.
 *
 * @example
 * let cluster = await startEmbedded()
 * const seen = await observeServerRestart({
 *   url: cluster.url,
 *   restart: async () => { await cluster.close(); cluster = await startEmbedded({ port: cluster.port }) },
 * })
 * expect(seen.poolRecovered).toBe(true)
 */
export async function observeServerRestart(
  options: ObserveServerRestartOptions,
): Promise<ServerRestartObservation> {
  const waitMs = options.waitMs ?? 10_000
  const config = { ...options.client, connectionString: options.url }
  const busy = new pg.Client(config)
  const idle = new pg.Client(config)
  const pool = new pg.Pool({ ...config, max: 2 })
  const idleClientErrors: ClassifiedNetworkError[] = []
  busy.on('error', () => undefined)
  idle.on('error', (err) => idleClientErrors.push(classifyNetworkError(err)))
  pool.on('error', () => undefined)
  const serverNotices: { sqlstate: string | undefined; message: string }[] = []
  for (const client of [busy, idle]) {
    client.on('notice', (n) =>
      serverNotices.push(Object.freeze({ sqlstate: n.code, message: n.message ?? '' })),
    )
  }
  try {
    await busy.connect()
    await idle.connect()
    await pool.query('SELECT 1')
    const busyQuery = busy.query('SELECT pg_sleep(30)')
    busyQuery.catch(() => undefined)
    await untilRunning(pool, busy, waitMs)
    const idleEnded = ended(idle, waitMs)
    await options.restart()
    const busySeen = await settleWithin(busyQuery, waitMs)
    // Let the drop reach every socket (the pool's idle client too) before the next queries.
    await idleEnded
    for (let i = 0; i < waitMs / 5 && pool.idleCount > 0; i++) await new Promise((r) => setTimeout(r, 5))
    const next = await settleWithin(idle.query('SELECT 1'), waitMs)
    const poolSeen = await settleWithin(pool.query('SELECT 1'), waitMs)
    const fresh = new pg.Client(config)
    fresh.on('error', () => undefined)
    const freshSeen = await settleWithin(
      fresh.connect().then(() => fresh.query('SELECT 1')),
      waitMs,
    )
    await fresh.end().catch(() => undefined)
    return Object.freeze({
      kind: 'server-restart',
      busyQuery: Object.freeze({
        outcome: busySeen.outcome,
        error: busySeen.outcome === 'failed' ? classifyNetworkError(busySeen.error) : undefined,
      }),
      idleClientErrors: Object.freeze([...idleClientErrors]),
      idleClientNextQuery: next.outcome === 'failed' ? classifyNetworkError(next.error) : undefined,
      poolRecovered: poolSeen.outcome === 'completed',
      serverNotices: Object.freeze([...serverNotices]),
      freshClientConnected: freshSeen.outcome === 'completed',
    })
  } finally {
    await Promise.all([busy.end(), idle.end(), pool.end()].map((p) => p.catch(() => undefined)))
  }
}

/** Waits (bounded) until the busy client's query shows as active on the server. */
async function untilRunning(pool: pg.Pool, busy: pg.Client, waitMs: number): Promise<void> {
  const pid = (busy as unknown as { processID: number }).processID
  const deadline = performance.now() + waitMs
  while (performance.now() < deadline) {
    const { rows } = await pool.query<{ active: boolean }>(
      "SELECT state = 'active' AS active FROM pg_stat_activity WHERE pid = $1",
      [pid],
    )
    if (rows[0]?.active === true) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
