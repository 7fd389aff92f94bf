/**
 * Warmed connections: a connection whose backend has planned a read of every user table, so its
 * catalog caches (tables, columns, indexes) are loaded before a test's first query needs them.
 * @module
 */
import pg from '../internal/pg.js'

/** The user tables (and views) a warm-up plans a read of: at most 100, as text (`regclass`). */
export const WARM_TABLES = `SELECT c.oid::regclass::text AS t FROM pg_class c
  WHERE c.relkind IN ('r', 'p', 'v', 'm')
    AND c.relnamespace <> 'information_schema'::regnamespace
    AND c.relnamespace::regnamespace::text NOT LIKE 'pg\\_%'
    AND has_table_privilege(c.oid, 'SELECT')
  ORDER BY c.oid LIMIT 100`

/**
 * The warm-up reads of `tables` (from `WARM_TABLES`), each led by `;`: they ride on the end of
 * another query, so a warm-up costs no round trip of its own.
 */
export function warmReads(tables: readonly string[]): string {
  return tables.map((t) => `;\nSELECT 1 FROM ${t} LIMIT 0`).join('')
}

/**
 * Opens a connection and warms it. Two round trips: the list, then one multi-statement query
 * (measured ~2× cheaper than a DO block).
 */
export async function openWarmConnection(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await warmUp(client)
    return client
  } catch (err) {
    await client.end().catch(() => undefined)
    throw err
  }
}

/** Warms a connected client (see `openWarmConnection`). */
export async function warmUp(client: pg.Client): Promise<void> {
  // A table the role cannot plan (a broken view) only costs its warm-up, not the connection.
  await client
    .query<{ t: string }>(WARM_TABLES)
    .then(({ rows }) =>
      rows.length === 0 ? undefined : client.query(`SELECT 1${warmReads(rows.map((r) => r.t))}`),
    )
    .catch(() => undefined)
}
