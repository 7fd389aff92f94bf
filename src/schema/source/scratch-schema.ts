/**
 * Builds a schema in a scratch database (`<prefix>_schema_<random>`) created for the purpose on
 * a server, introspects it, and drops it again whatever happens.
 * @module
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { databaseUrl, redactUrl } from '../../engine/index.js'
import { failure, messageOf } from '../../errors.js'
import type { Queryable } from '../../internal/queryable.js'
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
  const name = `${options.prefix ?? 'pgt'}_schema_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: options.serverUrl })
  try {
    await admin.connect()
  } catch (err) {
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `connect to ${redactUrl(options.serverUrl)} to build ${label}`,
        messageOf(err),
        'Check the server URL.',
      ),
      { cause: err },
    )
  }
  try {
    await admin.query(`CREATE DATABASE "${name}"`).catch((err: unknown) => {
      throw new SchemaError(
        'PGT_SCHEMA_SOURCE',
        failure(
          `create scratch database ${name} to build ${label}`,
          messageOf(err),
          'Use a role with CREATEDB (or a superuser) for the server URL.',
        ),
        { cause: err },
      )
    })
    const url = databaseUrl(options.serverUrl, name)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await build(client as unknown as Queryable, url)
    } finally {
      await client.end().catch(() => undefined)
    }
    // a fresh connection: the build may have changed search_path (pg_dump sets it to '')
    return await introspect(url, options)
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined)
    await admin.end().catch(() => undefined)
  }
}
