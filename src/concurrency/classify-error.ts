/**
 * Classifies an error from node-postgres by SQLSTATE, and by Node error code or message where the
 * driver has no SQLSTATE (a refused or broken connection), so retry logic and assertions can
 * match on a meaning instead of on message text.
 * @module
 */

/** What an error means to an application. */
export type ErrorClass =
  | 'unique-violation'
  | 'foreign-key-violation'
  | 'check-violation'
  | 'not-null-violation'
  | 'exclusion-violation'
  | 'constraint-violation'
  | 'serialization-failure'
  | 'deadlock'
  | 'lock-timeout'
  | 'statement-timeout'
  | 'idle-timeout'
  | 'query-canceled'
  | 'in-failed-transaction'
  | 'connection'
  | 'admin-shutdown'
  | 'too-many-connections'
  | 'permission-denied'
  | 'syntax'
  | 'undefined-object'
  | 'invalid-input'
  | 'database-missing'
  | 'resources'
  | 'other-database'
  | 'unknown'

/** The classification of one error. */
export interface ClassifiedError {
  readonly kind: 'classified-error'
  readonly class: ErrorClass
  /** The five-character SQLSTATE, or null when the error did not come from the server. */
  readonly sqlstate: string | null
  /** Node's error code (ECONNREFUSED, ECONNRESET, …) when there was one. */
  readonly nodeCode: string | null
  /** The server's constraint, table and column fields; null where it sent none (e.g. `column` is sent only for not-null violations). */
  readonly constraint: string | null
  readonly table: string | null
  readonly column: string | null
  /** True for failures that retrying the whole transaction can fix: 40001 and 40P01. */
  readonly retryable: boolean
  readonly message: string
}

const BY_SQLSTATE: Readonly<Record<string, ErrorClass>> = {
  '23505': 'unique-violation',
  '23503': 'foreign-key-violation',
  '23514': 'check-violation',
  '23502': 'not-null-violation',
  '23P01': 'exclusion-violation',
  '40001': 'serialization-failure',
  '40P01': 'deadlock',
  '55P03': 'lock-timeout',
  '25P02': 'in-failed-transaction',
  '25P03': 'idle-timeout',
  '57P05': 'idle-timeout',
  '57P01': 'admin-shutdown',
  '57P02': 'admin-shutdown',
  '57P03': 'connection',
  '53300': 'too-many-connections',
  '42501': 'permission-denied',
  '42601': 'syntax',
  '3D000': 'database-missing',
  '28P01': 'permission-denied',
  '28000': 'permission-denied',
}

/** Node socket error codes that mean the connection could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
])

/** Messages node-postgres uses for a connection lost without a SQLSTATE. */
const CONNECTION_MESSAGES = [
  /Connection terminated unexpectedly/i,
  /Connection terminated due to connection timeout/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /timeout expired/i,
]

/**
 * Classifies `err` (anything thrown by `pg`, or an AggregateError of connection attempts).
 *
 * @example
 * try { await client.query('insert into users (email) values ($1)', [email]) } catch (err) {
 *   const c = classifyError(err)
 *   if (c.class === 'unique-violation' && c.constraint === 'users_email_key') return 'taken'
 *   throw err
 * }
 */
export function classifyError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as {
    code?: unknown
    message?: unknown
    constraint?: unknown
    table?: unknown
    column?: unknown
    errors?: unknown
  }
  const code = typeof e.code === 'string' ? e.code : null
  const sqlstate = code !== null && /^[0-9A-Z]{5}$/.test(code) ? code : null
  const message = typeof e.message === 'string' ? e.message : String(err)
  // Node's AggregateError (several addresses refused) keeps the codes in `errors`.
  const inner = Array.isArray(e.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined
  const nodeCode = sqlstate === null ? (code ?? (typeof inner?.code === 'string' ? inner.code : null)) : null
  const cls = classOf(sqlstate, nodeCode, message)
  return Object.freeze({
    kind: 'classified-error',
    class: cls,
    sqlstate,
    nodeCode,
    constraint: typeof e.constraint === 'string' ? e.constraint : null,
    table: typeof e.table === 'string' ? e.table : null,
    column: typeof e.column === 'string' ? e.column : null,
    retryable: cls === 'serialization-failure' || cls === 'deadlock',
    message,
  })
}

function classOf(sqlstate: string | null, nodeCode: string | null, message: string): ErrorClass {
  if (sqlstate !== null) {
    const direct = BY_SQLSTATE[sqlstate]
    if (direct !== undefined) return direct
    if (sqlstate === '57014') {
      if (/statement timeout/i.test(message)) return 'statement-timeout'
      if (/lock timeout/i.test(message)) return 'lock-timeout'
      return 'query-canceled'
    }
    const klass = sqlstate.slice(0, 2)
    if (klass === '23') return 'constraint-violation'
    if (klass === '40') return 'serialization-failure'
    if (klass === '08') return 'connection'
    if (klass === '42') return /does not exist/i.test(message) ? 'undefined-object' : 'syntax'
    if (klass === '22') return 'invalid-input'
    if (klass === '53') return 'resources'
    if (klass === '28') return 'permission-denied'
    return 'other-database'
  }
  if (nodeCode !== null && CONNECTION_CODES.has(nodeCode)) return 'connection'
  if (CONNECTION_MESSAGES.some((re) => re.test(message))) return 'connection'
  return 'unknown'
}
