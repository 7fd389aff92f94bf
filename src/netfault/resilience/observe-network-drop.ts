/**
 * What an app sees when the network drops while a query runs: a reset, a close, or a black hole.
 * @module
 */
import pg from '../../internal/pg.js'
import { type ClassifiedNetworkError, classifyNetworkError } from '../classify-error.js'
import { fault } from '../fault.js'
import { startFaultProxy } from '../start-fault-proxy.js'
import { ended, settleWithin } from './settle.js'

/** How the network drops: `reset` (RST), `close` (FIN), or `black-hole` (nothing arrives any more). */
export type NetworkDrop = 'reset' | 'close' | 'black-hole'

/** Options of `observeNetworkDrop`. */
export interface ObserveNetworkDropOptions {
  /** The database to reach (a `postgresql://` URL); a fault proxy is put in front of it. */
  readonly target: string
  readonly drop: NetworkDrop
  /** The query in flight when the network drops; default `SELECT pg_sleep(5)`. */
  readonly sql?: string
  /** pg client settings as the app uses them (e.g. `query_timeout`, `keepAlive`). */
  readonly client?: Omit<pg.ClientConfig, 'connectionString'>
  /** How long to wait for the query to end before calling it `hung`; default 1000 ms. */
  readonly waitMs?: number
}

/** What the app saw. */
export interface NetworkDropObservation {
  readonly kind: 'network-drop'
  readonly drop: NetworkDrop
  /** `failed` (the query rejected), `hung` (no answer within waitMs), or `completed`. */
  readonly outcome: 'failed' | 'hung' | 'completed'
  /** The query's error, when it failed. */
  readonly error: ClassifiedNetworkError | undefined
  /** Errors the client emitted as 'error' events (an app without a handler would crash on these). */
  readonly clientErrors: readonly ClassifiedNetworkError[]
}

/**
 * Runs `sql` through a fault proxy and drops the network once the query is on its way.
 *
 * The helper connects with `client_connection_check_interval=100ms` (unless `client.options`
 * is given) so the server notices the lost client and stops the query instead of finishing it.
 *
 * @example
 * const seen = await observeNetworkDrop({ target: db.url, drop: 'reset' })
 * expect(seen.error?.kind).toBe('connection-reset') // ECONNRESET
 * const hung = await observeNetworkDrop({ target: db.url, drop: 'black-hole', client: { query_timeout: 200 } })
 * expect(hung.error?.kind).toBe('query-timeout')
 */
export async function observeNetworkDrop(
  options: ObserveNetworkDropOptions,
): Promise<NetworkDropObservation> {
  const proxy = await startFaultProxy({ target: options.target })
  const client = new pg.Client({
    options: '-c client_connection_check_interval=100',
    ...options.client,
    connectionString: proxy.url,
  })
  const clientErrors: ClassifiedNetworkError[] = []
  client.on('error', (err) => clientErrors.push(classifyNetworkError(err)))
  try {
    await client.connect()
    const sent = proxy.nextData({ direction: 'upstream' })
    const query = client.query(options.sql ?? 'SELECT pg_sleep(5)')
    query.catch(() => undefined)
    await sent
    if (options.drop === 'black-hole') proxy.add(fault.timeout(), { direction: 'both' })
    else proxy.dropConnections({ how: options.drop })
    const seen = await settleWithin(query, options.waitMs ?? 1000)
    // A lost connection reports more 'error' events as it closes; collect them all.
    if (seen.outcome === 'failed' && !classifyNetworkError(seen.error).connectionUsable) {
      await ended(client, options.waitMs ?? 1000)
    }
    return Object.freeze({
      kind: 'network-drop',
      drop: options.drop,
      outcome: seen.outcome,
      error: seen.outcome === 'failed' ? classifyNetworkError(seen.error) : undefined,
      clientErrors: Object.freeze([...clientErrors]),
    })
  } finally {
    // Close the proxy first: a client behind a black hole would wait forever for its goodbye.
    await proxy.close()
    await client.end().catch(() => undefined)
  }
}
