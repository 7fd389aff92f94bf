/**
 * Classifies what a `pg` client or pool threw when the network or the server misbehaved:
 * by Node error code, by PostgreSQL SQLSTATE, and by the fixed messages `pg` and `pg-pool` use.
 * @module
 */

/** What kind of failure an app saw. */
export type NetworkFailureKind =
  /** A TCP RST or a broken pipe (ECONNRESET, EPIPE). */
  | 'connection-reset'
  /** Nothing listens there (ECONNREFUSED). */
  | 'connection-refused'
  /** The connection closed under the client ("Connection terminated unexpectedly", not queryable). */
  | 'connection-lost'
  /** Connecting took longer than `connectionTimeoutMillis` (or ETIMEDOUT). */
  | 'connect-timeout'
  /** The client's own `query_timeout` fired ("Query read timeout"); the server may still run it. */
  | 'query-timeout'
  /** The server cancelled the statement after `statement_timeout` (SQLSTATE 57014). */
  | 'statement-timeout'
  /** The statement was cancelled otherwise (SQLSTATE 57014, e.g. pg_cancel_backend). */
  | 'query-canceled'
  /** The server is shutting down, restarting or starting (SQLSTATE 57P01, 57P02, 57P03). */
  | 'server-shutdown'
  /** No host answered (ENOTFOUND, EHOSTUNREACH, SQLSTATE 08001 from the fault proxy). */
  | 'unreachable'
  /** pg.Pool had no free client within `connectionTimeoutMillis`. */
  | 'pool-timeout'
  /** Any other error the server reported (it has a SQLSTATE). */
  | 'server-error'
  | 'unknown'

/** An error as data: its kind, codes, and what the app can do next. */
export interface ClassifiedNetworkError {
  readonly kind: NetworkFailureKind
  readonly message: string
  /** Node's error code (e.g. `ECONNRESET`), when there is one. */
  readonly nodeCode: string | undefined
  /** PostgreSQL's SQLSTATE (e.g. `57014`), when the server sent one. */
  readonly sqlstate: string | undefined
  /** Whether the same client (for `pool-timeout`: the pool) can run the next query. */
  readonly connectionUsable: boolean
  /** Whether trying again (on a new connection if needed) can succeed. */
  readonly retryable: boolean
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED'])
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
const LOST_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]

/**
 * Classifies one error from `pg` or `pg-pool`.
 *
 * @example
 * try { await client.query('SELECT pg_sleep(10)') } catch (err) {
 *   const seen = classifyNetworkError(err) // { kind: 'statement-timeout', sqlstate: '57014', connectionUsable: true, … }
 * }
 */
export function classifyNetworkError(error: unknown): ClassifiedNetworkError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown
    code?: unknown
    cause?: unknown
  }
  const message = typeof e.message === 'string' ? e.message : String(error)
  const code = typeof e.code === 'string' ? e.code : undefined
  const sqlstate = code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
  const nodeCode = sqlstate === undefined ? code : undefined
  const make = (
    kind: NetworkFailureKind,
    connectionUsable: boolean,
    retryable: boolean,
  ): ClassifiedNetworkError =>
    Object.freeze({ kind, message, nodeCode, sqlstate, connectionUsable, retryable })

  if (sqlstate === '57014') {
    return /statement timeout/.test(message)
      ? make('statement-timeout', true, true)
      : make('query-canceled', true, true)
  }
  if (sqlstate === '57P01' || sqlstate === '57P02' || sqlstate === '57P03') {
    return make('server-shutdown', false, true)
  }
  if (sqlstate === '08001') return make('unreachable', false, true)
  if (sqlstate?.startsWith('08') === true) return make('connection-lost', false, true)
  if (sqlstate !== undefined) return make('server-error', true, false)
  if (nodeCode !== undefined && RESET_CODES.has(nodeCode)) return make('connection-reset', false, true)
  if (nodeCode === 'ECONNREFUSED') return make('connection-refused', false, true)
  if (nodeCode === 'ETIMEDOUT') return make('connect-timeout', false, true)
  if (nodeCode !== undefined && UNREACHABLE_CODES.has(nodeCode)) return make('unreachable', false, true)
  if (message === 'timeout exceeded when trying to connect') return make('pool-timeout', true, true)
  if (message.startsWith('Connection terminated due to connection timeout')) {
    return make('connect-timeout', false, true)
  }
  if (message === 'Query read timeout') return make('query-timeout', false, true)
  if (LOST_MESSAGES.includes(message)) return make('connection-lost', false, true)
  // pg-pool wraps the real reason as `cause`; classify that when the wrapper says nothing.
  if (e.cause !== undefined && e.cause !== error) {
    const inner = classifyNetworkError(e.cause)
    if (inner.kind !== 'unknown') return Object.freeze({ ...inner, message })
  }
  return make('unknown', false, false)
}
