/**
 * What an app sees when a statement runs past `statement_timeout`.
 * @module
 */
import pg from '../../internal/pg.js'
import { type ClassifiedNetworkError, classifyNetworkError } from '../classify-error.js'
import { settleWithin } from './settle.js'

/** Options of `observeStatementTimeout`. */
export interface ObserveStatementTimeoutOptions {
  /** Where to connect: the database URL, or a fault proxy's `url` to add network faults too. */
  readonly url: string
  /** `statement_timeout` in ms; default 100. */
  readonly timeoutMs?: number
  /** A statement that runs longer than the timeout; default `SELECT pg_sleep(30)`. */
  readonly sql?: string
  /** pg client settings as the app uses them. */
  readonly client?: Omit<pg.ClientConfig, 'connectionString' | 'statement_timeout'>
  /** How long to wait for the statement to end before calling it `hung`; default 10 000 ms. */
  readonly waitMs?: number
}

/** What the app saw. */
export interface StatementTimeoutObservation {
  readonly kind: 'statement-timeout'
  readonly timeoutMs: number
  readonly outcome: 'failed' | 'hung' | 'completed'
  /** The statement's error: kind `statement-timeout`, SQLSTATE 57014, when the server cancelled it. */
  readonly error: ClassifiedNetworkError | undefined
  /** Whether the same connection answered `SELECT 1` afterwards (it does: only the statement died). */
  readonly connectionUsableAfter: boolean
}

/**
 * Runs a slow statement with `statement_timeout` set and reports the server's cancellation.
 *
 * @example
 * const seen = await observeStatementTimeout({ url: db.url, timeoutMs: 50 })
 * expect(seen.error).toMatchObject({ kind: 'statement-timeout', sqlstate: '57014' })
 * expect(seen.connectionUsableAfter).toBe(true)
 */
export async function observeStatementTimeout(
  options: ObserveStatementTimeoutOptions,
): Promise<StatementTimeoutObservation> {
  const timeoutMs = options.timeoutMs ?? 100
  const client = new pg.Client({
    ...options.client,
    connectionString: options.url,
    statement_timeout: timeoutMs,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    const seen = await settleWithin(
      client.query(options.sql ?? 'SELECT pg_sleep(30)'),
      options.waitMs ?? 10_000,
    )
    const after = await settleWithin(client.query('SELECT 1'), options.waitMs ?? 10_000)
    return Object.freeze({
      kind: 'statement-timeout',
      timeoutMs,
      outcome: seen.outcome,
      error: seen.outcome === 'failed' ? classifyNetworkError(seen.error) : undefined,
      connectionUsableAfter: after.outcome === 'completed',
    })
  } finally {
    await client.end().catch(() => undefined)
  }
}
