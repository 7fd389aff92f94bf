import pg from 'pg'
import { serverUrl } from './scratch-database.js'

/** Runs one query on a fresh connection to `url` and returns its rows. */
export async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

/** Names of the databases on the run's shared server that carry `prefix`, sorted. */
export async function databases(prefix: string): Promise<string[]> {
  const rows = await query<{ datname: string }>(
    serverUrl(),
    `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}\\_%' ORDER BY 1`,
  )
  return rows.map((r) => r.datname)
}
