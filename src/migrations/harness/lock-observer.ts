/**
 * Watching what a migration really locks: a second session polls `pg_locks` for the migrating
 * session's backend while a statement runs, and the migrating session itself lists what it holds
 * inside its transaction (locks are kept until COMMIT, so nothing short is missed there).
 * `relfilenode` before and after a statement tells a table rewrite from an in-place change.
 * @module
 */
import pg from '../../internal/pg.js'
import type { Queryable } from '../../internal/queryable.js'
import { STATE_SCHEMA } from '../migrate.js'

/** One table of the database: its storage file, size and estimated rows. */
export interface TableFacts {
  readonly table: string
  readonly filenode: string
  readonly bytes: number
  readonly rows: number
}

// User tables (plain, partitioned, materialized), with their current storage file.
const TABLES_QUERY = `
select n.nspname || '.' || c.relname as table, coalesce(pg_relation_filenode(c.oid)::text, '') as filenode,
  pg_total_relation_size(c.oid)::float8 as bytes, greatest(c.reltuples, 0)::float8 as rows
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', '${STATE_SCHEMA}')
  and n.nspname not like 'pg_temp_%'`

// Relation locks of one backend on user tables, in the modes' PostgreSQL names.
const LOCKS_QUERY = `
select n.nspname || '.' || c.relname as table, l.mode, l.granted
from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
where l.pid = $1 and l.locktype = 'relation' and c.relkind in ('r', 'p', 'm')
  and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', '${STATE_SCHEMA}')`

/** The user tables of the database `session` is connected to, by qualified name. */
export async function tableFacts(session: Queryable): Promise<Map<string, TableFacts>> {
  const { rows } = await session.query<{ table: string; filenode: string; bytes: number; rows: number }>(
    TABLES_QUERY,
  )
  return new Map(rows.map((r) => [r.table, { ...r, bytes: Number(r.bytes), rows: Number(r.rows) }]))
}

/** A lock as seen: table and mode (`AccessExclusiveLock`), and whether it was granted. */
export interface SeenLock {
  readonly table: string
  readonly mode: string
  readonly granted: boolean
}

/** The relation locks backend `pid` holds now (a session may ask about itself). */
export async function locksOf(session: Queryable, pid: number): Promise<SeenLock[]> {
  return (await session.query<{ table: string; mode: string; granted: boolean }>(LOCKS_QUERY, [pid])).rows
}

/** First and last time the observer saw each `table mode` held while a statement ran. */
export interface Sighting {
  readonly table: string
  readonly mode: string
  readonly firstMs: number
  lastMs: number
  /** True when the lock was seen waiting (not granted) at least once. */
  waited: boolean
}

/** A second session on `url` that polls the locks of backend `pid`. */
export class LockObserver {
  readonly #client: pg.Client
  #polling: Promise<void> | undefined
  #stop = false

  private constructor(client: pg.Client) {
    this.#client = client
  }

  static async open(url: string): Promise<LockObserver> {
    const client = new pg.Client({ connectionString: url })
    client.on('error', () => undefined)
    await client.connect()
    return new LockObserver(client)
  }

  /** Polls until the returned function is called; it resolves to what was seen. */
  watch(pid: number, intervalMs = 2): () => Promise<Map<string, Sighting>> {
    const seen = new Map<string, Sighting>()
    const started = performance.now()
    this.#stop = false
    this.#polling = (async () => {
      while (!this.#stop) {
        const at = performance.now() - started
        for (const lock of await locksOf(this.#client, pid).catch(() => [])) {
          const key = `${lock.table} ${lock.mode}`
          const known = seen.get(key)
          if (known === undefined)
            seen.set(key, {
              table: lock.table,
              mode: lock.mode,
              firstMs: at,
              lastMs: at,
              waited: !lock.granted,
            })
          else {
            known.lastMs = at
            known.waited ||= !lock.granted
          }
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs))
      }
    })()
    return async () => {
      this.#stop = true
      await this.#polling
      return seen
    }
  }

  async close(): Promise<void> {
    this.#stop = true
    await this.#polling
    await this.#client.end().catch(() => undefined)
  }
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, as the docs name lock modes. */
export function modeName(mode: string): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase()
}
