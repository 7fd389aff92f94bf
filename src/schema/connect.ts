/**
 * Runs work against "a database": an open connection (anything with `query`) or a URL, for which
 * a connection is opened and closed around the work.
 * @module
 */
import { failure, messageOf } from '../errors.js'
import pg from '../internal/pg.js'
import type { Queryable } from '../internal/queryable.js'
import { redactUrl } from '../sql/index.js'
import { SchemaError } from './schema-error.js'

/** A connection (pg Client, Pool or anything with `query`) or a connection URL. */
export type DatabaseInput = Queryable | string

/** Calls `work` with a queryable; opens (and then closes) a client when given a URL. */
export async function withQueryable<T>(db: DatabaseInput, work: (q: Queryable) => Promise<T>): Promise<T> {
  if (typeof db !== 'string') return work(db)
  const client = new pg.Client({ connectionString: db })
  try {
    await client.connect()
  } catch (err) {
    throw new SchemaError(
      'PGT_INTROSPECT',
      failure(
        `connect to ${redactUrl(db)}`,
        messageOf(err),
        'Check the URL (host, port, database name, credentials) and that the server is running.',
      ),
      { cause: err },
    )
  }
  try {
    return await work(client as unknown as Queryable)
  } finally {
    await client.end().catch(() => undefined)
  }
}
