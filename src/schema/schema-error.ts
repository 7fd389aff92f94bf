/**
 * The error thrown for bad schema inputs (a missing file, a broken snapshot, SQL that fails to
 * apply) and failed introspection. `file`/`line` point at the input when there is one.
 * @module
 */
import { type ErrorCode, PgtestbedError } from '../errors.js'

/**
 * A schema input could not be read, applied or introspected.
 *
 * @example
 * try { await loadSchema('schema.sql', { serverUrl }) } catch (err) {
 *   if (err instanceof SchemaError) console.error(`${err.file}:${err.line}`, err.message)
 * }
 */
export class SchemaError extends PgtestbedError {
  readonly file: string | undefined
  readonly line: number | undefined

  constructor(
    code: Extract<ErrorCode, 'PGT_SCHEMA_SOURCE' | 'PGT_SCHEMA_SQL' | 'PGT_INTROSPECT'>,
    message: string,
    where: { file?: string; line?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: where.cause })
    this.file = where.file
    this.line = where.line
  }
}
