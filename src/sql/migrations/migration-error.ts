/**
 * The error of everything migration-related: reading a layout, running SQL, linting.
 * @module
 */
import { PgtestbedError } from '../../errors.js'

/** Codes a `MigrationError` carries. */
export type MigrationErrorCode =
  | 'PGT_MIGRATION_LAYOUT'
  | 'PGT_MIGRATION_FORMAT'
  | 'PGT_MIGRATION_FAILED'
  | 'PGT_SQL_PARSE'

/**
 * A migration folder could not be read, or a migration's SQL failed. `file` and `line` point at
 * the failing input; `cause` keeps the PostgreSQL error (SQLSTATE, position, detail).
 *
 * @example
 * try { await readMigrations('db/migrations') } catch (err) {
 *   if (err instanceof MigrationError) console.error(`${err.file}:${err.line}`, err.message)
 * }
 */
export class MigrationError extends PgtestbedError {
  readonly file: string | undefined
  readonly line: number | undefined
  /** 1-based column on `line` (from the PostgreSQL error position), when known. */
  readonly column: number | undefined
  /** Name of the migration whose script failed, when one did. */
  readonly migration: string | undefined

  constructor(
    code: MigrationErrorCode,
    message: string,
    where: {
      file?: string | undefined
      line?: number | undefined
      column?: number
      migration?: string
      cause?: unknown
    } = {},
  ) {
    super(code, message, { cause: where.cause })
    this.file = where.file
    this.line = where.line
    this.column = where.column
    this.migration = where.migration
  }
}
