/**
 * Applies a `.sql` file to a scratch database created for the purpose on the same server
 * (`<prefix>_schema_<random>`), introspects it and drops it again, whatever happens.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { failure } from '../../errors.js'
import { describePgError, type PgErrorFields, runScript, SqlScriptError } from '../../sql/index.js'
import type { IntrospectOptions } from '../introspect/introspect.js'
import type { SchemaModel } from '../model.js'
import { SchemaError } from '../schema-error.js'
import { stripDumpNoise } from './dump-noise.js'
import { schemaAfter } from './scratch-schema.js'

/** Where and how a `.sql` file is applied. */
export interface ApplySqlOptions extends IntrospectOptions {
  /** Admin URL of the server the scratch database is created on (needs CREATEDB). */
  readonly serverUrl: string
  /** Prefix of the scratch database's name; default `pgt`. */
  readonly prefix?: string
}

/**
 * Reads `file`, applies it to a new scratch database, introspects it, and drops the database.
 *
 * @example
 * const declared = await schemaOfSqlFile('db/schema.sql', { serverUrl: 'postgres://localhost/postgres' })
 */
export async function schemaOfSqlFile(file: string, options: ApplySqlOptions): Promise<SchemaModel> {
  if (!existsSync(file)) {
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `read ${file}`,
        'the file does not exist',
        'Check the path (relative paths start at the current directory).',
      ),
      { file },
    )
  }
  const { sql, metaCommands } = stripDumpNoise(readFileSync(file, 'utf8'))
  const meta = metaCommands[0]
  if (meta !== undefined) {
    throw new SchemaError(
      'PGT_SCHEMA_SQL',
      failure(
        `apply ${file}:${meta.line}`,
        `"${meta.text}" is a psql meta-command, not SQL`,
        'Remove it, or produce the file with `pg_dump --schema-only` (its \\restrict lines are handled).',
      ),
      { file, line: meta.line },
    )
  }
  return schemaAfter({ ...options, label: file }, async (db) => {
    try {
      await runScript(db, sql, { file, split: 'whole' })
    } catch (err) {
      throw err instanceof SqlScriptError ? sqlError(err) : err
    }
  })
}

function sqlError(err: SqlScriptError): SchemaError {
  const where = err.positioned ? `${err.file}:${err.line}:${err.column}` : err.file
  return new SchemaError(
    'PGT_SCHEMA_SQL',
    failure(
      `apply ${where}`,
      describePgError(err.cause as PgErrorFields),
      'Fix the SQL at that line; the scratch database was dropped.',
    ),
    { file: err.file, ...(err.positioned ? { line: err.line } : {}), cause: err.cause },
  )
}
