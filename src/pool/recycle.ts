/**
 * Recycling: a database a passing test gave back is made equal to the template again — only the
 * tables it wrote are reloaded, only the sequences it moved are set back — instead of a drop and
 * a new clone, when that is provably enough; otherwise the pool drops it as before.
 *
 * The proof, read on a new session once every session of the test has ended (the database was
 * renamed, which PostgreSQL refuses while any session or prepared transaction uses it; a backend
 * flushes its statistics before it leaves): the write counters (n_tup_ins/upd/del, counted for
 * aborted writes too) of the template's tables and of the whole database, against the values they
 * had when the database last equalled the template. A write anywhere but those tables — a catalog
 * (DDL, TRUNCATE's new relfilenode, large objects, ANALYZE, comments, grants), a temporary or new
 * table — moves the database's totals more than the tables' counters: dropped. So do a statistics reset, the database's own row (owner, ACL, settings,
 * connection limit), shared dependencies, replication slots, subscriptions, and any doubt
 * (PostgreSQL before 15, whose counters arrive late; no superuser; `track_counts` off; an error).
 * Sequences are compared by value. Planner statistics (`reltuples`) are put back as the
 * template had them.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { WARM_TABLES, warmReads } from './warm-connection.js'

/**
 * A snapshot this small rides along with a spare, so the run's next process need not hold a ready
 * database out of its warm pool to read it again.
 */
const SNAPSHOT_STATE_MAX = 256 * 1024

/** What a spare clone carries for the process that takes it over (see spares.ts). */
export interface SpareState {
  /** Its baseline when it was recycled; a spare without one is a fresh clone. */
  readonly baseline?: RecycleBaseline
  /** The template's snapshot, when it is small. */
  readonly snapshot?: TemplateSnapshot
}

/** A spare's state as JSON (without the snapshot when that is too big). */
export function encodeSpareState({ baseline, snapshot }: SpareState): string {
  const b = baseline === undefined ? {} : { c: [...baseline.counters], r: baseline.reset }
  const s =
    snapshot === undefined
      ? undefined
      : { t: [...snapshot.tables.values()], q: snapshot.sequences, d: snapshot.db, w: snapshot.warm }
  const withSnapshot = JSON.stringify({ ...b, s })
  return withSnapshot.length <= SNAPSHOT_STATE_MAX ? withSnapshot : JSON.stringify(b)
}

/** The state `encodeSpareState` wrote, or undefined when it cannot be read. */
export function decodeSpareState(json: string): SpareState | undefined {
  try {
    const { c, r, s } = JSON.parse(json) as {
      c?: [number, string][]
      r?: string | null
      s?: { t: SnapshotTable[]; q: TemplateSnapshot['sequences']; d: string; w: string }
    }
    const baseline = c === undefined ? undefined : { counters: new Map(c), reset: r ?? null }
    const snapshot = s === undefined ? undefined : snapshotOf(s.t, { sequences: s.q, db: s.d, warm: s.w })
    return {
      ...(baseline === undefined ? {} : { baseline }),
      ...(snapshot === undefined ? {} : { snapshot }),
    }
  } catch {
    return undefined
  }
}

/** One relation's write counters: [relid, n_tup_ins, n_tup_upd, n_tup_del]. */
type Counter = readonly [number, number, number, number]

/** What the counters and statistics reset time were when the database last equalled the template. */
export interface RecycleBaseline {
  readonly counters: ReadonlyMap<number, string>
  readonly reset: string | null
}

/** A fresh clone's baseline: PostgreSQL keeps statistics per database, and a new one has none. */
export const FRESH_BASELINE: RecycleBaseline = Object.freeze({ counters: new Map(), reset: null })

interface SnapshotTable {
  readonly oid: number
  readonly name: string
  readonly toast: number
  readonly cols: readonly string[]
  /** Triggers that fire even in replica mode, or rules: a reload would run them. */
  readonly blocked: boolean
  /** Tables with a foreign key to this one (a TRUNCATE must include them). */
  readonly referencedBy: readonly number[]
  /** The table, its TOAST table and their indexes: [oid, relpages, reltuples, relallvisible]. */
  readonly rels: readonly (readonly [number, number, number, number])[]
  /** The rows as JSON (json_agg, in scan order); undefined: too big to keep, never reloaded. */
  data?: string
}

/** The template as one fresh clone showed it: what a recycled database is checked and reset against. */
export interface TemplateSnapshot {
  readonly tables: ReadonlyMap<number, SnapshotTable>
  /** TOAST table oid → its table's oid. */
  readonly toastOf: ReadonlyMap<number, number>
  readonly sequences: readonly { readonly name: string; readonly value: string }[]
  /** The database's own facts (owner, ACL, settings, dependencies, slots …) as text. */
  readonly db: string
  /**
   * Reads that plan every user table (up to 100), sent with the last query of a recycle so the
   * session is warmed like the pool's other connections (see warm-connection.ts).
   */
  readonly warm: string
}

function snapshotOf(
  tables: readonly SnapshotTable[],
  rest: Omit<TemplateSnapshot, 'tables' | 'toastOf'>,
): TemplateSnapshot {
  return {
    tables: new Map(tables.map((t) => [t.oid, t])),
    toastOf: new Map(tables.filter((t) => t.toast !== 0).map((t) => [t.toast, t.oid])),
    ...rest,
  }
}

/** Tables bigger than this (with indexes and TOAST) are not kept: a write to one means a drop. */
const TABLE_BYTES_MAX = 1024 * 1024
/** All kept table data of a snapshot, at most. */
const SNAPSHOT_BYTES_MAX = 16 * 1024 * 1024

/** The key of the database's own totals among the counters (no relation has oid 0). */
const DATABASE_TOTALS = 0

/**
 * The write counters (n_tup_ins/upd/del) of the relations a snapshot knows (its tables and their
 * TOAST tables), and under key 0 the database's totals. PostgreSQL adds a relation's counts to
 * its database's totals as it flushes them, so totals that moved more than those relations did
 * mean a write anywhere else: a catalog (DDL, TRUNCATE, ANALYZE, comments …), a temporary or a
 * new table. Reading a few relations and the totals costs ~0.15 ms; every pg_class row's
 * counters cost ~0.8 ms, twice per recycle (docs/benchmarks.md, "Cheaper resets").
 */
function countersSql(relids: readonly number[]): string {
  return `SELECT coalesce(json_agg(json_build_array(s.oid, s.i, s.u, s.d) ORDER BY s.oid), '[]')
  FROM (SELECT r::int8 AS oid, pg_stat_get_tuples_inserted(r) AS i, pg_stat_get_tuples_updated(r) AS u,
               pg_stat_get_tuples_deleted(r) AS d
          FROM unnest('{${relids.join(',')}}'::oid[]) r
        UNION ALL
        SELECT ${DATABASE_TOTALS}, pg_stat_get_db_tuples_inserted(oid), pg_stat_get_db_tuples_updated(oid),
               pg_stat_get_db_tuples_deleted(oid)
          FROM pg_database WHERE datname = current_database()) s
  WHERE s.i + s.u + s.d > 0`
}

/** The database's own facts, from any session (shared catalogs): `$1` is its name. */
export const DATABASE_FACTS = `SELECT json_build_array(d.datdba, d.encoding, d.datallowconn, d.datconnlimit, d.dattablespace,
    d.datacl, d.datistemplate, shobj_description(d.oid, 'pg_database'),
    (SELECT count(*) FROM pg_db_role_setting x WHERE x.setdatabase = d.oid),
    (SELECT count(*) FROM pg_shdepend x WHERE x.dbid = d.oid),
    (SELECT count(*) FROM pg_get_replication_slots() x WHERE x.datoid = d.oid),
    (SELECT count(*) FROM pg_subscription x WHERE x.subdbid = d.oid),
    (SELECT count(*) FROM pg_prepared_xact() x WHERE x.dbid = d.oid))::text
  FROM pg_database d WHERE d.datname = $1`

/** Whether statistics are counted, when they were last reset, and the counters (`countersSql`). */
function stateSql(relids: readonly number[]): string {
  return `SELECT current_setting('track_counts') AS track,
    (SELECT pg_stat_get_db_stat_reset_time(oid)::text FROM pg_database WHERE datname = current_database()) AS reset,
    (${countersSql(relids)})::text AS counters`
}

// Oids as int8: JSON writes an oid as a string, and the snapshot's maps are keyed by number.
const CATALOG = `SELECT current_setting('server_version_num')::int AS version,
    strpos(version(), 'PGlite') > 0 AS pglite,
    (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super,
    (SELECT coalesce(json_agg(json_build_object(
        'oid', c.oid::int8, 'name', format('%I.%I', n.nspname, c.relname), 'toast', c.reltoastrelid::int8,
        'bytes', pg_total_relation_size(c.oid),
        'cols', (SELECT coalesce(json_agg(quote_ident(a.attname) ORDER BY a.attnum), '[]') FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''),
        'blocked', EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgenabled IN ('A', 'R'))
                OR EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN'),
        'referencedBy', (SELECT coalesce(json_agg(DISTINCT k.conrelid::int8), '[]') FROM pg_constraint k
                          WHERE k.contype = 'f' AND k.confrelid = c.oid),
        'rels', (SELECT json_agg(json_build_array(r.oid::int8, r.relpages, r.reltuples, r.relallvisible)) FROM pg_class r
                  WHERE r.oid IN (c.oid, c.reltoastrelid)
                     OR r.oid IN (SELECT i.indexrelid FROM pg_index i WHERE i.indrelid IN (c.oid, c.reltoastrelid)))
      ) ORDER BY c.oid), '[]')::text
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND NOT c.relisshared
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%') AS tables,
    (SELECT coalesce(json_agg(format('%I.%I', n.nspname, c.relname) ORDER BY c.oid), '[]')::text
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S') AS sequences,
    (SELECT coalesce(json_agg(w.t), '[]')::text FROM (${WARM_TABLES}) w) AS warm`

interface StateRow {
  track: string
  reset: string | null
  counters: string
}

/** A quoted literal that no setting (standard_conforming_strings) can misread. */
function dollarQuote(text: string): string {
  let tag: string
  do tag = `$p${randomBytes(4).toString('hex')}$`
  while (text.includes(tag))
  return `${tag}${text}${tag}`
}

/** Each sequence's state as text ("(last_value,is_called)"), in one query. */
function sequencesSql(names: readonly string[]): string {
  if (names.length === 0) return 'SELECT 1 AS none'
  return `SELECT ${names.map((n, i) => `(SELECT row(last_value, is_called)::text FROM ${n}) AS "${i}"`).join(', ')}`
}

function sameCounters(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  return a.size === b.size && [...a].every(([relid, counts]) => b.get(relid) === counts)
}

/** The relations whose counters a recycle reads: the snapshot's tables and their TOAST tables. */
function trackedRelids(tables: Iterable<{ readonly oid: number; readonly toast: number }>): number[] {
  return [...tables].flatMap((t) => (t.toast === 0 ? [t.oid] : [t.oid, t.toast]))
}

/**
 * Whether the database's totals moved exactly as much as the tracked relations' counters did
 * between two readings (see `countersSql`): no write anywhere else.
 */
function onlyTrackedWrites(before: ReadonlyMap<number, string>, after: ReadonlyMap<number, string>): boolean {
  const counts = (map: ReadonlyMap<number, string>, relid: number) =>
    (map.get(relid) ?? '0/0/0').split('/').map(Number)
  const moved = (relid: number) => {
    const b = counts(before, relid)
    return counts(after, relid).map((n, i) => n - (b[i] ?? 0))
  }
  const tracked = [0, 0, 0]
  for (const relid of new Set([...before.keys(), ...after.keys()])) {
    if (relid === DATABASE_TOTALS) continue
    const counts = moved(relid)
    for (let i = 0; i < 3; i++) tracked[i] = (tracked[i] ?? 0) + (counts[i] ?? 0)
  }
  return moved(DATABASE_TOTALS).every((n, i) => n === tracked[i])
}

function countersMap(json: string): Map<number, string> {
  const rows = JSON.parse(json) as Counter[]
  return new Map(rows.map(([relid, ...counts]) => [relid, counts.join('/')]))
}

/**
 * Reads the template from a database nobody has used since it equalled the template (a fresh
 * clone, or a recycled spare with its `baseline`; the caller holds it out of the warm pool
 * meanwhile): its tables' rows, sequences and facts. Undefined when recycling cannot be proven
 * safe on this server (why, in `reason`).
 */
export async function takeSnapshot(
  client: pg.ClientBase,
  baseline: RecycleBaseline = FRESH_BASELINE,
): Promise<{ snapshot?: TemplateSnapshot; reason?: string }> {
  const catalog = (
    await client.query<{
      version: number
      pglite: boolean
      super: boolean
      tables: string
      sequences: string
      warm: string
    }>(CATALOG)
  ).rows[0]
  if (catalog === undefined) return { reason: 'no catalog' }
  if (catalog.pglite) return { reason: 'PGlite' }
  if (catalog.version < 150000)
    return { reason: `PostgreSQL ${catalog.version}: before 15, statistics arrive late` }
  if (!catalog.super) return { reason: 'the role is not a superuser' }
  const tables = (JSON.parse(catalog.tables) as (SnapshotTable & { bytes: number })[]).map((t) => ({ ...t }))
  const state = (await client.query<StateRow>(stateSql(trackedRelids(tables)))).rows[0]
  if (state === undefined || state.track !== 'on') return { reason: 'track_counts is off' }
  if (state.reset !== baseline.reset || !sameCounters(countersMap(state.counters), baseline.counters))
    return { reason: 'the database shows writes since it equalled the template' }
  const sequenceNames = JSON.parse(catalog.sequences) as string[]
  let budget = SNAPSHOT_BYTES_MAX
  const kept = tables.filter((t) => {
    if (t.bytes > TABLE_BYTES_MAX || t.bytes > budget) return false
    budget -= t.bytes
    return true
  })
  const dataSql =
    kept.length === 0
      ? 'SELECT 1 AS none'
      : `SELECT ${kept
          .map(
            (t, i) =>
              `(SELECT coalesce(json_agg(x), '[]')::text FROM (SELECT ${t.cols.join(', ')} FROM ONLY ${t.name}) x) AS "${i}"`,
          )
          .join(', ')}`
  const data = (await client.query<Record<string, string>>(dataSql)).rows[0] ?? {}
  kept.forEach((t, i) => {
    t.data = data[String(i)]
  })
  const values = (await client.query<Record<string, string>>(sequencesSql(sequenceNames))).rows[0] ?? {}
  return {
    snapshot: snapshotOf(tables, {
      sequences: sequenceNames.map((name, i) => ({ name, value: values[String(i)] ?? '' })),
      db:
        (
          await client.query<{ f: string }>(
            `SELECT (${DATABASE_FACTS}) AS f`.replace('$1', 'current_database()'),
          )
        ).rows[0]?.f ?? '',
      warm: warmReads(JSON.parse(catalog.warm) as string[]),
    }),
  }
}

/**
 * Readies the session a test used (its warmed connection, the only one that ever reached the
 * database) for recycling in place: its transaction rolled back, its session state discarded
 * (settings, temporary tables, prepared statements, cursors, LISTEN, advisory locks), and its
 * pending statistics flushed so `recycleDatabase` reads them on this same session. Returns the
 * database's facts (`DATABASE_FACTS`), or undefined when another session or a prepared
 * transaction uses the database (then only a rename proves nobody else can reach it).
 */
export async function settleOwnSession(client: pg.Client): Promise<string | undefined> {
  // DISCARD ALL's steps one by one: DISCARD ALL itself refuses to share a round trip.
  const rollback = client.getTransactionStatus() === 'I' ? '' : 'ROLLBACK;\n'
  // The flush happens as this query ends, before its reply: the next query sees the counts.
  const results = (await client.query(
    `${rollback}CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; UNLISTEN *;
     SELECT pg_advisory_unlock_all(); DISCARD PLANS; DISCARD TEMP; DISCARD SEQUENCES;
     SELECT pg_stat_force_next_flush(),
       (SELECT pg_stat_get_db_numbackends(d.oid) - 1 + (SELECT count(*) FROM pg_prepared_xact() x WHERE x.dbid = d.oid)
          FROM pg_database d WHERE d.datname = current_database())::int AS others,
       (${DATABASE_FACTS.replace('$1', 'current_database()')}) AS facts`,
  )) as unknown as pg.QueryResult<{ others: number; facts: string }>[]
  const row = results.at(-1)?.rows[0]
  return row === undefined || row.others !== 0 ? undefined : row.facts
}

/**
 * Makes the database `client` is connected to (its only session) equal to the template again:
 * returns its new baseline, or undefined when that cannot be proven (the caller drops it).
 * `facts`: `DATABASE_FACTS` of it, read once its test's sessions had ended (or, on the test's
 * own session, by `settleOwnSession`).
 */
export async function recycleDatabase(
  client: pg.ClientBase,
  snapshot: TemplateSnapshot,
  baseline: RecycleBaseline,
  facts: string,
): Promise<RecycleBaseline | undefined> {
  const results = (await client.query(
    `${stateSql(trackedRelids(snapshot.tables.values()))}; ${sequencesSql(snapshot.sequences.map((s) => s.name))}`,
  )) as unknown as pg.QueryResult[]
  const state = results[0]?.rows[0] as StateRow | undefined
  const values = (results[1]?.rows[0] ?? {}) as Record<string, string>
  if (state === undefined || state.track !== 'on' || state.reset !== baseline.reset || facts !== snapshot.db)
    return undefined
  // Tables written since the baseline (their TOAST tables count as them); anything else: drop.
  const counters = countersMap(state.counters)
  if (!onlyTrackedWrites(baseline.counters, counters)) return undefined
  const written = new Set<number>()
  for (const relid of new Set([...counters.keys(), ...baseline.counters.keys()])) {
    if (relid === DATABASE_TOTALS || counters.get(relid) === baseline.counters.get(relid)) continue
    const table = snapshot.tables.has(relid) ? relid : snapshot.toastOf.get(relid)
    if (table === undefined) return undefined
    written.add(table)
  }
  // A TRUNCATE must name every table with a foreign key to one it empties.
  const reload = [...written]
  for (let i = 0; i < reload.length; i++)
    for (const ref of snapshot.tables.get(reload[i] as number)?.referencedBy ?? [])
      if (!reload.includes(ref)) reload.push(ref)
  const tables = reload.map((oid) => snapshot.tables.get(oid))
  if (tables.some((t) => t === undefined || t.blocked || t.data === undefined)) return undefined
  const moved = snapshot.sequences.filter((s, i) => values[String(i)] !== s.value)
  if (tables.length === 0 && moved.length === 0) {
    await client.query(`SELECT 1${snapshot.warm}`)
    return { counters, reset: state.reset }
  }

  const statements = ['BEGIN', 'SET LOCAL session_replication_role = replica']
  const kept = tables as SnapshotTable[]
  if (kept.length > 0) {
    statements.push(`TRUNCATE ONLY ${kept.map((t) => t.name).join(', ')}`)
    for (const t of kept)
      if (t.data !== '[]')
        statements.push(
          `INSERT INTO ${t.name} (${t.cols.join(', ')}) OVERRIDING SYSTEM VALUE SELECT ${t.cols.join(', ')} FROM json_populate_recordset(NULL::${t.name}, ${dollarQuote(t.data ?? '[]')})`,
        )
    // TRUNCATE forgets the planner's page and row counts: give back the template's.
    const rels = kept.flatMap((t) => t.rels)
    statements.push(
      `UPDATE pg_catalog.pg_class c SET relpages = v.p, reltuples = v.t, relallvisible = v.a FROM (VALUES ${rels
        .map(([oid, p, t, a]) => `(${oid}::oid, ${p}::int, ${t}::real, ${a}::int)`)
        .join(', ')}) v(oid, p, t, a) WHERE c.oid = v.oid`,
    )
  }
  for (const s of moved) {
    const match = /^\((.*),([tf])\)$/.exec(s.value)
    if (match === null) return undefined
    statements.push(`SELECT setval('${s.name.replaceAll("'", "''")}', ${match[1]}, ${match[2] === 't'})`)
  }
  // The reload's own counts reach shared statistics before the reply (read just below).
  statements.push('SELECT pg_stat_force_next_flush()', 'COMMIT')
  await client.query(statements.join(';\n'))
  const read = (await client.query(
    `${stateSql(trackedRelids(snapshot.tables.values()))}${snapshot.warm}`,
  )) as unknown as pg.QueryResult | pg.QueryResult[]
  const after = (Array.isArray(read) ? read[0] : read)?.rows[0] as StateRow | undefined
  if (after === undefined || after.reset !== state.reset) return undefined
  return { counters: countersMap(after.counters), reset: after.reset }
}
