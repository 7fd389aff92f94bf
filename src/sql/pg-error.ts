/**
 * PostgreSQL errors as `pg` reports them: where in a script they happened (the server's
 * 1-based character `position` → line and column) and how to say what they were.
 * @module
 */

/** A PostgreSQL error as `pg` reports it. */
export interface PgErrorFields {
  readonly message: string
  readonly code?: string
  /** 1-based character position in the query text, as a string. */
  readonly position?: string
  readonly where?: string
  readonly detail?: string
  readonly hint?: string
  readonly table?: string
  readonly constraint?: string
}

/**
 * 1-based line and column of character offset `offset` (0-based) in `text`.
 *
 * @example
 * lineAt('select 1;\nselect x;', 17) // { line: 2, column: 8 }
 */
export function lineAt(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * The 0-based character offset the server's error `position` points at in the query text, or
 * undefined when the error carries no position.
 *
 * @example
 * errorOffset({ message: 'syntax error', position: '8' }) // 7
 */
export function errorOffset(err: unknown): number | undefined {
  const position = Number((err as { position?: unknown }).position)
  return Number.isFinite(position) && position > 0 ? position - 1 : undefined
}

/**
 * "message (SQLSTATE xxxxx) — detail": how migration reports describe a PostgreSQL error.
 *
 * @example
 * pgReason(err) // 'relation "users" already exists (SQLSTATE 42P07)'
 */
export function pgReason(err: unknown): string {
  const e = err as { message?: string; code?: string; detail?: string }
  const code = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? ` (SQLSTATE ${e.code})` : ''
  const detail = e.detail ? ` — ${e.detail}` : ''
  return `${e.message ?? String(err)}${code}${detail}`
}

/**
 * "message (SQLSTATE xxxxx): detail hint": how fixture and schema errors describe a PostgreSQL
 * error.
 *
 * @example
 * describePgError(err) // 'insert or update … violates foreign key constraint … (SQLSTATE 23503): Key (user_id)=(9) is not present'
 */
export function describePgError(e: PgErrorFields): string {
  const sqlstate = e.code === undefined ? '' : ` (SQLSTATE ${e.code})`
  const extra = [e.detail, e.hint].filter((s) => s !== undefined && s !== '').join(' ')
  const message = e.message ?? (e instanceof Error ? e.message : String(e))
  return `${message}${sqlstate}${extra === '' ? '' : `: ${extra}`}`
}
