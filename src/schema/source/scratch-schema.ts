/**
 * Builds a schema in a scratch database (`<prefix>_schema_<random>`) created for the purpose on
 * a server, introspects it, and drops it again whatever happens.
 * @module
 */
import { failure, messageOf } from '../../errors.js'
import type { Queryable } from '../../internal/queryable.js'
import { createScratchDatabase, redactUrl, type ScratchDatabase } from '../../sql/index.js'
import { type IntrospectOptions, introspect } from '../introspect/introspect.js'
import type { SchemaModel } from '../model.js'
import { SchemaError } from '../schema-error.js'

/** Where the scratch database is created. */
export interface ScratchSchemaOptions extends IntrospectOptions {
  /** Admin URL of the server (needs CREATEDB). */
  readonly serverUrl: string
  /** Prefix of the scratch database's name; default `pgt`. */
  readonly prefix?: string
  /** Names the input in error messages, e.g. the file being applied. */
  readonly label?: string
}

/**
 * Runs `build` on a new, empty scratch database, then returns its introspected schema. The
 * database is dropped afterwards, also when `build` throws.
 *
 * @example
 * const model = await schemaAfter({ serverUrl }, async (db) => {
 *   await migrate(db, await readMigrations('db/migrations'), { record: false })
 * })
 */
export async function schemaAfter(
  options: ScratchSchemaOptions,
  build: (db: Queryable, url: string) => Promise<void>,
): Promise<SchemaModel> {
  const label = options.label ?? 'the schema'
  let db: ScratchDatabase
  try {
    db = await createScratchDatabase(options.serverUrl, {
      prefix: options.prefix ?? 'pgt',
      purpose: 'schema',
    })
  } catch (err) {
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `create a scratch database on ${redactUrl(options.serverUrl)} to build ${label}`,
        messageOf((err as { cause?: unknown }).cause ?? err),
        'Check the server URL, and use a role with CREATEDB (or a superuser) for it.',
      ),
      { cause: err },
    )
  }
  try {
    await build(db.session as unknown as Queryable, db.url)
    await db.session.end().catch(() => undefined)
    // a fresh connection: the build may have changed search_path (pg_dump sets it to '')
    return await introspect(db.url, options)
  } finally {
    await db.drop().catch(() => undefined)
  }
}
