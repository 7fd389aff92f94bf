/**
 * A cluster that started on a kept data directory it took (moved, not copied: see
 * warm-data-cache.ts) must put it back at the end of the run, or the next run rebuilds its
 * templates. Only a directory in a known-good state goes back: what the entry held when taken
 * (databases, roles, nothing of ours in the `postgres` database), or that plus databases this
 * run made, which are dropped first. A test's role or a table left in `postgres` would reach
 * every later run (and break a `CREATE` that ran fine on a fresh cluster): such a run puts
 * nothing back, and the next one starts from a bare cluster.
 * @module
 */
import type pg from 'pg'
import { quoteIdent } from '../../sql/index.js'

/** What a taken entry held, read on the cluster's first session. */
export interface EntryState {
  /** Database oid → name. */
  readonly databases: ReadonlyMap<number, string>
  /** Role names, sorted. */
  readonly roles: readonly string[]
  /** Relations of ours (not an extension's) in the `postgres` database. */
  readonly relations: number
}

/** Reads the state to compare with at the end (on a session of the `postgres` database). */
export async function readEntryState(client: pg.Client): Promise<EntryState> {
  const { rows } = await client.query<{ databases: [number, string][]; roles: string[]; relations: number }>(
    `SELECT (SELECT json_agg(json_build_array(oid, datname)) FROM pg_database) AS databases,
            (SELECT json_agg(rolname ORDER BY rolname) FROM pg_roles) AS roles,
            (SELECT count(*)::int FROM pg_class c
              WHERE c.oid >= 16384
                AND NOT EXISTS (SELECT FROM pg_depend d
                                 WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                   AND d.deptype = 'e')) AS relations`,
  )
  const row = rows[0]
  return {
    databases: new Map((row?.databases ?? []).map(([oid, name]) => [Number(oid), name])),
    roles: row?.roles ?? [],
    relations: row?.relations ?? 0,
  }
}

/**
 * Brings the cluster back to the state it was taken in, on `client` (a `postgres` session):
 * drops the databases made since (a failed test's kept one dies with the cluster at close
 * anyway), and says whether what is left may go back as the kept entry.
 */
export async function backToTakenState(client: pg.Client, taken: EntryState): Promise<boolean> {
  const now = await readEntryState(client)
  if (now.relations !== taken.relations || now.roles.join('\n') !== taken.roles.join('\n')) return false
  for (const [oid, name] of now.databases) {
    if (taken.databases.get(oid) === name) continue
    // A template cannot be dropped until it is not one; FORCE ends any session still on it.
    await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`)
    await client.query(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`)
  }
  return true
}
