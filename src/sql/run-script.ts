/**
 * Running a SQL script on one session, statement by statement (with the real parser) or as one
 * query, so that a failure names the file, line and column it happened at.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { loadParser, parseStatements } from './parse-sql.js'
import { errorOffset, lineAt } from './pg-error.js'

/** Options of `runScript`. */
export interface RunScriptOptions {
  /** The file the script came from, for the error; default `<script>`. */
  readonly file?: string
  /** The file line the script's first line is on (scripts cut out of a larger file); default 1. */
  readonly startLine?: number
  /**
   * `statements` (default): parse the script and send one statement at a time (unparseable text,
   * e.g. psql meta-commands, is sent whole and the server reports it); `whole`: send it as one
   * query (an implicit transaction; no parser load).
   */
  readonly split?: 'statements' | 'whole'
}

/**
 * A statement of a script failed. `line` is the file line the server's error position points at;
 * without a position it is the failing statement's first line (`statements`) or the script's
 * (`whole`), and `positioned` is false. `cause` is the PostgreSQL error.
 */
export class SqlScriptError extends Error {
  readonly file: string
  readonly line: number
  /** 1-based column on `line`, when the server reported a position. */
  readonly column: number | undefined
  readonly positioned: boolean
  /** The file line the script (or the part of a file) starts on. */
  readonly startLine: number

  constructor(
    cause: unknown,
    where: { file: string; line: number; column: number | undefined; startLine: number },
  ) {
    super(`${where.file}:${where.line}: ${(cause as { message?: string }).message ?? String(cause)}`, {
      cause,
    })
    this.name = 'SqlScriptError'
    this.file = where.file
    this.line = where.line
    this.column = where.column
    this.positioned = where.column !== undefined
    this.startLine = where.startLine
  }
}

/**
 * Runs `sql` on `session`; throws `SqlScriptError` naming the file line of a failure.
 *
 * @example
 * await runScript(client, readFileSync('schema.sql', 'utf8'), { file: 'schema.sql' })
 */
export async function runScript(
  session: Queryable,
  sql: string,
  options: RunScriptOptions = {},
): Promise<void> {
  for (const piece of await scriptPieces(sql, options.split ?? 'statements')) {
    try {
      await session.query(piece.text)
    } catch (err) {
      throw scriptError(err, sql, piece.offset, options)
    }
  }
}

/**
 * The pieces `runScript` sends: statements with their character offsets, or the whole text.
 *
 * @example
 * await scriptPieces('select 1; select 2', 'statements') // [{ text: 'select 1', offset: 0 }, …]
 */
export async function scriptPieces(
  sql: string,
  split: 'statements' | 'whole',
): Promise<{ text: string; offset: number }[]> {
  if (split === 'whole') return [{ text: sql, offset: 0 }]
  await loadParser()
  const parsed = parseStatements(sql)
  return parsed.kind === 'ok'
    ? parsed.statements.map((s) => ({ text: s.text, offset: s.offset }))
    : [{ text: sql, offset: 0 }]
}

/**
 * The `SqlScriptError` of `err`, raised by the piece of `sql` at character `pieceOffset`.
 *
 * @example
 * throw scriptError(err, sql, 0, { file: 'seed.sql', startLine: 12 })
 */
export function scriptError(
  err: unknown,
  sql: string,
  pieceOffset: number,
  options: Pick<RunScriptOptions, 'file' | 'startLine'> = {},
): SqlScriptError {
  const startLine = options.startLine ?? 1
  const offset = errorOffset(err)
  const where = lineAt(sql, pieceOffset + (offset ?? 0))
  return new SqlScriptError(err, {
    file: options.file ?? '<script>',
    line: startLine + where.line - 1,
    column: offset === undefined ? undefined : where.column,
    startLine,
  })
}
