/**
 * Applies a `.sql` file to a scratch database created for the purpose on the same server
 * (`<prefix>_schema_<random>`), introspects it and drops it again, whatever happens.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { failure } from '../../errors.js'
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

/** A PostgreSQL error as `pg` reports it. */
interface PgError {
  readonly message: string
  readonly position?: string
  readonly code?: string
  readonly detail?: string
  readonly hint?: string
}

/** 1-based line and column of a 1-based character position in `text`. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1)).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
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
      await db.query(sql)
    } catch (err) {
      throw sqlError(file, sql, err as PgError)
    }
  })
}

function sqlError(file: string, sql: string, err: PgError): SchemaError {
  const at = err.position === undefined ? undefined : lineAndColumn(sql, Number(err.position))
  const where = at === undefined ? file : `${file}:${at.line}:${at.column}`
  const sqlstate = err.code === undefined ? '' : ` (SQLSTATE ${err.code})`
  const extra = [err.detail, err.hint].filter((s) => s !== undefined).join(' ')
  return new SchemaError(
    'PGT_SCHEMA_SQL',
    failure(
      `apply ${where}`,
      `${err.message}${sqlstate}${extra === '' ? '' : `: ${extra}`}`,
      'Fix the SQL at that line; the scratch database was dropped.',
    ),
    { file, line: at?.line, cause: err },
  )
}
