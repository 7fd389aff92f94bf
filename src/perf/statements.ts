/**
 * Reads a database's account of itself from pg_stat_statements: every statement that ran in
 * that database (pg_stat_statements keys entries by database oid, and each test has its own
 * database, so the entries are exactly the test's). Read from the server's `postgres`
 * database, so the reading itself is not counted, then reset for that database to keep the
 * view small over a long run.
 * @module
 */
import pg from '../internal/pg.js'
import { IS_PGLITE_SQL } from '../sql/is-pglite.js'
import type { QueryStat, StatementCounts } from './record.js'

/** What one read returns. */
export interface StatementsReading {
  readonly counts: StatementCounts | null
  readonly top: readonly QueryStat[]
  readonly nPlusOne: readonly QueryStat[]
  readonly notes: readonly string[]
  /** `server_version`, e.g. `17.2`. */
  readonly serverVersion: string | undefined
}

interface Row {
  query: string
  calls: string
  rows: string
  exec_ms: number
  blocks: string
  blocks_read: string
  temp_blocks: string
  wal_bytes: string
}

const READ_SQL = `
  SELECT s.query, s.calls, s.rows, s.total_exec_time AS exec_ms,
         s.shared_blks_hit + s.shared_blks_read AS blocks, s.shared_blks_read AS blocks_read,
         s.temp_blks_read + s.temp_blks_written AS temp_blocks, s.wal_bytes
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
   WHERE d.datname = $1`

/** One admin connection per server, shared by the process's tests. */
const admins = new Map<string, Promise<Admin>>()

interface Admin {
  readonly client: pg.Client | undefined
  /** Why statements cannot be read (said once per process). */
  readonly unavailable: string | undefined
  readonly serverVersion: string | undefined
  /** pg_stat_statements_info.dealloc/stats_reset seen last: a change means entries were lost. */
  lastInfo: string | undefined
}

/** The URL of the server's `postgres` database, with the test database's credentials. */
function adminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  url.pathname = '/postgres'
  return url.toString()
}

async function openAdmin(databaseUrl: string): Promise<Admin> {
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl) })
  client.on('error', () => undefined)
  try {
    await client.connect()
    // The socket must not keep a test process alive after its last test.
    ;(client as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream?.unref?.()
    const version = (
      await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]?.v.split(' ')[0]
    const preload =
      (await client.query<{ v: string }>("SELECT current_setting('shared_preload_libraries') AS v")).rows[0]
        ?.v ?? ''
    if (
      (await client.query<{ pglite: boolean }>(`SELECT ${IS_PGLITE_SQL} AS pglite`)).rows[0]?.pglite === true
    ) {
      // Each database of the pglite engine is its own PGlite instance: this connection's
      // pg_stat_statements never sees the statements a test ran in its database.
      await client.end().catch(() => undefined)
      return {
        client: undefined,
        serverVersion: version,
        unavailable:
          'the pglite engine keeps each database in its own PGlite instance, so per-test query counts are not recorded there; phase times still are. ' +
          'Use the embedded engine for statement counts.',
        lastInfo: undefined,
      }
    }
    if (!preload.split(',').some((lib) => lib.trim() === 'pg_stat_statements')) {
      await client.end().catch(() => undefined)
      return {
        client: undefined,
        serverVersion: version,
        unavailable:
          'pg_stat_statements is not preloaded on this server (shared_preload_libraries), so per-test query counts are not recorded; phase times still are. ' +
          "Use the embedded engine, or add shared_preload_libraries = 'pg_stat_statements' to the server's settings.",
        lastInfo: undefined,
      }
    }
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    return { client, serverVersion: version, unavailable: undefined, lastInfo: undefined }
  } catch (err) {
    await client.end().catch(() => undefined)
    return {
      client: undefined,
      serverVersion: undefined,
      unavailable: `pg_stat_statements could not be read (${(err as Error).message}); per-test query counts are not recorded. Grant the test role pg_read_all_stats or run as a superuser.`,
      lastInfo: undefined,
    }
  }
}

let warned = false

async function adminFor(databaseUrl: string): Promise<Admin> {
  const key = adminUrl(databaseUrl)
  let opening = admins.get(key)
  if (opening === undefined) {
    opening = openAdmin(databaseUrl)
    admins.set(key, opening)
  }
  return opening
}

/**
 * Calls so far of each normalized statement of `database`, without resetting anything (for
 * before/after differences); throws the reason when pg_stat_statements cannot be read.
 *
 * @example
 * const before = await statementCalls(db.url, db.name)
 */
export async function statementCalls(databaseUrl: string, database: string): Promise<Map<string, number>> {
  const admin = await adminFor(databaseUrl)
  if (admin.client === undefined) throw new Error(admin.unavailable)
  const { rows } = await admin.client.query<{ query: string; calls: string }>(
    'SELECT s.query, sum(s.calls) AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 GROUP BY s.query',
    [database],
  )
  return new Map(rows.map((r) => [r.query, Number(r.calls)]))
}

/**
 * Reads and resets the statements of `database` (its URL carries the credentials).
 *
 * @example
 * const reading = await readStatements(db.url, db.name, { nPlusOne: 10 })
 */
export async function readStatements(
  databaseUrl: string,
  database: string,
  options: { nPlusOne: number; top?: number },
): Promise<StatementsReading> {
  const admin = await adminFor(databaseUrl)
  if (admin.client === undefined) {
    if (!warned && admin.unavailable !== undefined)
      process.stderr.write(`pgtestbed perf: ${admin.unavailable}\n`)
    warned = true
    return {
      counts: null,
      top: [],
      nPlusOne: [],
      notes: [admin.unavailable ?? ''],
      serverVersion: admin.serverVersion,
    }
  }
  const notes: string[] = []
  const { rows } = await admin.client.query<Row>(READ_SQL, [database])
  const info = await admin.client
    .query<{ i: string }>(`SELECT dealloc || '/' || stats_reset AS i FROM pg_stat_statements_info`)
    .then((r) => r.rows[0]?.i)
    .catch(() => undefined)
  if (admin.lastInfo !== undefined && info !== admin.lastInfo)
    notes.push(
      'pg_stat_statements was reset or evicted entries during this test: its counts may be low. Raise pg_stat_statements.max or avoid pg_stat_statements_reset() during runs.',
    )
  const stats = rows.map(toStat)
  await admin.client
    .query('SELECT pg_stat_statements_reset(0, oid, 0) FROM pg_database WHERE datname = $1', [database])
    .catch(() => undefined)
  admin.lastInfo = await admin.client
    .query<{ i: string }>(`SELECT dealloc || '/' || stats_reset AS i FROM pg_stat_statements_info`)
    .then((r) => r.rows[0]?.i)
    .catch(() => info)
  const counts: StatementCounts = {
    calls: sum(rows, 'calls'),
    rows: sum(rows, 'rows'),
    blocks: sum(rows, 'blocks'),
    blocksRead: sum(rows, 'blocks_read'),
    tempBlocks: sum(rows, 'temp_blocks'),
    walBytes: sum(rows, 'wal_bytes'),
    execMs: round(rows.reduce((t, r) => t + Number(r.exec_ms), 0)),
  }
  const top = [...stats].sort((a, b) => b.execMs - a.execMs).slice(0, options.top ?? 5)
  const nPlusOne = stats
    .filter((s) => s.calls >= options.nPlusOne && !SESSION_RESET.test(s.query))
    .sort((a, b) => b.calls - a.calls)
  return { counts, top, nPlusOne, notes, serverVersion: admin.serverVersion }
}

/**
 * What connection pools send when a connection goes back (asyncpg: `SELECT
 * pg_advisory_unlock_all()`, `CLOSE ALL`, `UNLISTEN *`, `RESET ALL`; others `DISCARD ALL`,
 * `DEALLOCATE ALL`): repeated by design, once per checkout, so never an N+1 hint.
 */
const SESSION_RESET =
  /^\s*(?:DISCARD\s+ALL|RESET\s+ALL|CLOSE\s+ALL|UNLISTEN\s+\*|DEALLOCATE\s+ALL|SELECT\s+pg_advisory_unlock_all\(\))\s*;?\s*$/i

function toStat(r: Row): QueryStat {
  return {
    query: r.query.length > 300 ? `${r.query.slice(0, 297)}...` : r.query,
    calls: Number(r.calls),
    rows: Number(r.rows),
    execMs: round(Number(r.exec_ms)),
    blocks: Number(r.blocks),
  }
}

function sum(rows: readonly Row[], key: keyof Row): number {
  return rows.reduce((t, r) => t + Number(r[key]), 0)
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000
}

/** Ends the admin connections (tests and short-lived tools call it; workers may rely on unref). */
export async function closeStatementReaders(): Promise<void> {
  const all = [...admins.values()]
  admins.clear()
  await Promise.allSettled(all.map(async (a) => (await a).client?.end()))
}
