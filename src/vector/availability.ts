/**
 * Is pgvector here? The one place that answers, with an error naming where pgvector exists
 * when it does not: the pglite engine, a server that has it (`url` engine), system binaries.
 * @module
 */
import { failure } from '../errors.js'
import type { Queryable } from '../internal/queryable.js'
import { VectorError } from './vector-error.js'

const WHERE_TO_GET_IT =
  "Use the pglite engine (engine: 'pglite', with the @electric-sql/pglite-pgvector package installed), " +
  "a server that has pgvector installed (engine: 'url' / DATABASE_URL), or system PostgreSQL binaries with " +
  'pgvector (e.g. postgresql-<major>-pgvector from apt.postgresql.org). See docs/vector.md.'

/**
 * The installed pgvector version; with `create`, runs `CREATE EXTENSION IF NOT EXISTS vector`
 * first when the server has it. Throws `PGT_VECTOR_MISSING` when the server lacks pgvector.
 *
 * @example
 * const version = await requireVector(client, { create: true }) // '0.8.7'
 */
export async function requireVector(db: Queryable, options: { create?: boolean } = {}): Promise<string> {
  const { rows } = await db.query<{
    installed: string | null
    available: string | null
    server: string
    pglite: boolean
  }>(
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS installed,
            (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS available,
            current_setting('server_version') AS server, strpos(version(), 'PGlite') > 0 AS pglite`,
  )
  const row = rows[0]!
  if (row.installed !== null) return row.installed
  // The pglite engine loads into a test's database only the extensions its template created.
  if (row.available === null && row.pglite) {
    throw new VectorError(
      'PGT_VECTOR_MISSING',
      failure(
        'use pgvector',
        'this PGlite database has no vector extension: a database of the pglite engine has only the extensions its template created',
        'Add CREATE EXTENSION vector to a migration (with @electric-sql/pglite-pgvector installed). See docs/vector.md.',
      ),
    )
  }
  if (row.available === null) {
    throw new VectorError(
      'PGT_VECTOR_MISSING',
      failure(
        'use pgvector',
        `this PostgreSQL ${row.server} server does not have the vector extension`,
        WHERE_TO_GET_IT,
      ),
    )
  }
  if (options.create !== true) {
    throw new VectorError(
      'PGT_VECTOR_MISSING',
      failure(
        'use pgvector',
        `the server has pgvector ${row.available} but this database has not created it`,
        'Run CREATE EXTENSION vector in a migration (or your setup) first.',
      ),
    )
  }
  await db.query('CREATE EXTENSION IF NOT EXISTS vector')
  return row.available
}
