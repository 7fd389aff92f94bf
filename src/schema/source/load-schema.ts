/**
 * One door for "a schema from somewhere": a database URL, a snapshot file, or a `.sql` file.
 * @module
 */
import { existsSync } from 'node:fs'
import { failure } from '../../errors.js'
import { type IntrospectOptions, introspect } from '../introspect/introspect.js'
import type { SchemaModel } from '../model.js'
import { SchemaError } from '../schema-error.js'
import { readSnapshot } from '../snapshot.js'
import { schemaOfSqlFile } from './apply-sql.js'

/** What a schema source string is. */
export type SchemaSourceKind = 'url' | 'snapshot' | 'sql'

/** Options of `loadSchema()`. */
export interface LoadSchemaOptions extends IntrospectOptions {
  /** Admin URL of a server to apply `.sql` files on; required for `.sql` sources. */
  readonly serverUrl?: string
  /** Prefix of scratch database names; default `pgt`. */
  readonly prefix?: string
}

/**
 * `postgres://…` is a URL, `*.sql` a SQL file, anything else a snapshot file.
 *
 * @example
 * sourceKind('db/schema.sql') // 'sql'
 */
export function sourceKind(source: string): SchemaSourceKind {
  if (/^postgres(ql)?:\/\//i.test(source)) return 'url'
  if (/\.sql$/i.test(source)) return 'sql'
  return 'snapshot'
}

/**
 * Loads a schema model from a database URL, a snapshot file or a `.sql` file (applied to a
 * scratch database on `serverUrl`, then dropped).
 *
 * @example
 * const declared = await loadSchema('db/schema.sql', { serverUrl: process.env.DATABASE_URL })
 * const live = await loadSchema('postgres://localhost/app')
 * console.log(diffSchemas(declared, live))
 */
export async function loadSchema(source: string, options: LoadSchemaOptions = {}): Promise<SchemaModel> {
  const kind = sourceKind(source)
  if (kind === 'url') return introspect(source, options)
  if (kind === 'snapshot') {
    if (!existsSync(source)) {
      throw new SchemaError(
        'PGT_SCHEMA_SOURCE',
        failure(
          `read schema source "${source}"`,
          'it is not a postgres:// URL, and no such snapshot file exists',
          'Pass a database URL, a snapshot file (from `pgtestbed schema snapshot --out`) or a .sql file.',
        ),
        { file: source },
      )
    }
    return readSnapshot(source)
  }
  if (options.serverUrl === undefined) {
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `apply ${source}`,
        'no server to create a scratch database on',
        'Pass serverUrl (CLI: --server URL, or set DATABASE_URL).',
      ),
      { file: source },
    )
  }
  return schemaOfSqlFile(source, { ...options, serverUrl: options.serverUrl })
}
