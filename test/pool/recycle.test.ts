import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attachRun } from '../../src/pool/index.js'
import { createTestbed, type Testbed } from '../../src/public/index.js'
import { diffSchemas, introspect } from '../../src/schema/index.js'
import { databaseUrl } from '../../src/sql/index.js'
import { query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// pool.recycle: a given-back database is reused only when it provably equals the template again.
// Each test below does one thing to its database and gives it back; then every database the pool
// holds must equal a fresh clone of the template (schema, rows in scan order, sequences, planner
// counts), and the database was recycled or dropped as expected.
const project = tempProject({
  'migrations/001_schema.sql': `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE parent (id serial PRIMARY KEY, name text NOT NULL, tags text[], doc jsonb, raw json,
  pic bytea, at timestamptz, amount numeric(12,4), ratio float8, m mood, big text);
CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id int NOT NULL REFERENCES parent (id) ON DELETE CASCADE, qty int,
  total int GENERATED ALWAYS AS (qty * 2) STORED);
CREATE TABLE audit (id serial PRIMARY KEY, what text NOT NULL);
CREATE FUNCTION audit_parent() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO audit (what) VALUES (TG_OP || ' ' || NEW.name); RETURN NEW; END$$;
CREATE TRIGGER parent_audit AFTER INSERT OR UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION audit_parent();
CREATE SEQUENCE counter START 10;
CREATE TABLE untouched (k text PRIMARY KEY, v text);`,
  'migrations/002_seed.sql': `
INSERT INTO parent (name, tags, doc, raw, pic, at, amount, ratio, m, big)
  SELECT 'p' || g, ARRAY['a', 'b''c'], jsonb_build_object('g', g, 'x', 'y'), '{"a":  1, "b": [1, 2]}',
    '\\x00ff', '2024-01-02 03:04:05.678+00', g * 1.2345, g / 3.0::float8, 'ok',
    CASE WHEN g = 1 THEN (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 200) i) END
  FROM generate_series(1, 5) g;
INSERT INTO child (parent_id, qty) SELECT 1 + g % 5, g FROM generate_series(1, 8) g;
UPDATE parent SET name = name || '!' WHERE id = 2;
SELECT nextval('counter');
INSERT INTO untouched VALUES ('k', 'v');
ANALYZE parent;
-- Autovacuum's ANALYZE writes pg_statistic, which makes a recycle drop the database (as a manual
-- ANALYZE does, tested below); off here, so whether a case recycles does not depend on its timing.
ALTER TABLE parent SET (autovacuum_enabled = false);
ALTER TABLE child SET (autovacuum_enabled = false);
ALTER TABLE audit SET (autovacuum_enabled = false);
ALTER TABLE untouched SET (autovacuum_enabled = false);`,
})

let bed: Testbed
let reference: string
beforeAll(async () => {
  bed = await createTestbed(
    { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 1, recycle: true } },
    { cwd: project.dir },
  )
  reference = `${bed.config.prefix}_reference`
  await query(serverUrl(), `CREATE DATABASE "${reference}" TEMPLATE "${bed.template}"`)
})
afterAll(async () => {
  await bed?.close()
  await query(serverUrl(), `DROP DATABASE IF EXISTS "${reference}"`)
  project.remove()
})

/** Everything a test could see of a database, but its name and the files behind its tables. */
async function state(url: string): Promise<unknown> {
  const rows = await query<{ s: unknown }>(
    url,
    `SELECT json_build_object(
      'parent', (SELECT json_agg(x) FROM parent x), 'child', (SELECT json_agg(x) FROM child x),
      'audit', (SELECT json_agg(x) FROM audit x), 'untouched', (SELECT json_agg(x) FROM untouched x),
      'sequences', (SELECT json_agg(json_build_array(s, (SELECT row(last_value, is_called)::text FROM counter),
        (SELECT row(last_value, is_called)::text FROM parent_id_seq), (SELECT row(last_value, is_called)::text FROM audit_id_seq),
        (SELECT row(last_value, is_called)::text FROM child_id_seq))) FROM (SELECT 1) s(s)),
      'planner', (SELECT json_agg(json_build_array(relname, relpages, reltuples, relallvisible) ORDER BY relname)
        FROM pg_class WHERE relnamespace = 'public'::regnamespace),
      'namespaces', (SELECT json_agg(nspname ORDER BY nspname) FROM pg_namespace),
      'largeObjects', (SELECT count(*) FROM pg_largeobject_metadata),
      'settings', (SELECT count(*) FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())),
      'comments', (SELECT count(*) FROM pg_description WHERE objoid >= 16384),
      'acl', (SELECT relacl::text FROM pg_class WHERE relname = 'untouched'),
      'databaseComment', shobj_description((SELECT oid FROM pg_database WHERE datname = current_database()), 'pg_database')
    ) AS s`,
  )
  return rows[0]?.s
}

async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 2))
}

const settled = (): boolean => {
  const s = bed.stats()
  return s.recycling === 0 && s.dropping === 0 && s.creating === 0 && s.ready > 0
}

type Scenario = (client: pg.Client, url: string) => Promise<(() => Promise<void>) | undefined>
const sql =
  (text: string): Scenario =>
  async (client) => {
    await client.query(text)
    return undefined
  }

const cases: [string, 'recycled' | 'dropped', Scenario][] = [
  ['nothing', 'recycled', sql('SELECT count(*) FROM parent')],
  [
    'inserts, updates and deletes (a trigger writes a third table)',
    'recycled',
    sql(
      "INSERT INTO parent (name) VALUES ('new'); UPDATE child SET qty = 99 WHERE id = 1; DELETE FROM audit WHERE id = 1",
    ),
  ],
  [
    'sequences only',
    'recycled',
    sql("SELECT nextval('counter'); SELECT setval('parent_id_seq', 100, false)"),
  ],
  ['a rolled-back write', 'recycled', sql("BEGIN; INSERT INTO untouched VALUES ('x', 'y'); ROLLBACK")],
  [
    'a TOASTed value',
    'recycled',
    sql(
      "UPDATE parent SET big = (SELECT string_agg(md5((i * 7)::text), '') FROM generate_series(1, 300) i) WHERE id = 3",
    ),
  ],
  ['a cascading delete', 'recycled', sql('DELETE FROM parent WHERE id = 1')],
  [
    'an identity column given a value',
    'recycled',
    sql('INSERT INTO child (id, parent_id, qty) OVERRIDING SYSTEM VALUE VALUES (500, 2, 1)'),
  ],
  ['TRUNCATE', 'dropped', sql('TRUNCATE untouched')],
  [
    'an insert then TRUNCATE in one transaction',
    'dropped',
    sql("BEGIN; INSERT INTO untouched VALUES ('z', 'z'); TRUNCATE untouched; COMMIT"),
  ],
  ['a new table', 'dropped', sql('CREATE TABLE extra (id int)')],
  ['an altered column', 'dropped', sql('ALTER TABLE untouched ALTER COLUMN v TYPE varchar(10)')],
  ['a new function', 'dropped', sql('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$')],
  ['a temporary table', 'dropped', sql('CREATE TEMP TABLE scratch (id int)')],
  ['a large object', 'dropped', sql("SELECT lo_from_bytea(0, 'abc')")],
  ['ANALYZE', 'dropped', sql('ANALYZE untouched')],
  // No catalog changes: only the database's write totals show it (the template's tables are all read).
  [
    'a write to a table outside the template (information_schema)',
    'dropped',
    sql("UPDATE information_schema.sql_parts SET comments = 'x' WHERE feature_id = '1'"),
  ],
  ['a comment', 'dropped', sql("COMMENT ON TABLE untouched IS 'x'")],
  ['a grant', 'dropped', sql('GRANT SELECT ON untouched TO PUBLIC')],
  [
    'a statistics reset after a write',
    'dropped',
    sql("INSERT INTO untouched VALUES ('r', 'r'); SELECT pg_stat_reset()"),
  ],
  [
    'a database setting',
    'dropped',
    sql("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = ''8MB''', current_database()); END $$"),
  ],
  [
    'a connection left open',
    'dropped',
    async (_client, url) => {
      const other = new pg.Client({ connectionString: url })
      other.on('error', () => undefined)
      await other.connect()
      await other.query("INSERT INTO untouched VALUES ('o', 'o')")
      return () => other.end().catch(() => undefined)
    },
  ],
]

// Each case twice: the test's connection ended before the release (the database is renamed, then
// checked on a new session), and given back with it (checked and reset on that same session).
const ways = [
  ['ended', false],
  ['given back', true],
] as const

describe.each(ways)('pool.recycle, the connection %s', (_way, givenBack) => {
  it.each(cases)(
    '%s: %s, and every database the pool holds equals a fresh clone',
    async (_name, outcome, act) => {
      const expected = await state(databaseUrl(serverUrl(), reference))
      const expectedSchema = await introspect(databaseUrl(serverUrl(), reference))
      await until(settled)
      const before = bed.stats().recycled
      const db = await bed.acquire()
      const warmed = db.takeConnection()
      const client = warmed === undefined ? new pg.Client({ connectionString: db.url }) : await warmed
      if (warmed === undefined) await client.connect()
      const after = await act(client, db.url)
      if (givenBack) await db.release({ outcome: 'passed', session: client })
      else {
        await client.end()
        await db.release()
      }
      await until(settled)
      await after?.()
      expect(bed.stats().recycled - before).toBe(outcome === 'recycled' ? 1 : 0)
      const held = []
      for (let n = bed.stats().ready; n > 0; n--) held.push(await bed.acquire())
      for (const h of held) {
        expect(await state(h.url)).toEqual(expected)
        expect(diffSchemas(expectedSchema, await introspect(h.url))).toEqual([])
      }
      for (const h of held) await h.release()
    },
  )
})

describe('pool.recycle, in place', () => {
  it('resets the session it was given back: the next holder gets the same connection, in a clean state', async () => {
    await until(settled)
    const db = await bed.acquire()
    const client = (await db.takeConnection()) ?? new pg.Client({ connectionString: db.url })
    if (client.getTransactionStatus() === null) await client.connect()
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
    const workMem = (await query<{ w: string }>(db.url, "SELECT current_setting('work_mem') AS w"))[0]?.w
    await client.query(`SET work_mem = '7MB'; SELECT pg_advisory_lock(42); LISTEN somewhere;
      PREPARE p AS SELECT 1; DECLARE c CURSOR WITH HOLD FOR SELECT 1; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`)
    await client.query("BEGIN READ WRITE; INSERT INTO untouched VALUES ('open', 'tx')")
    const recycled = bed.stats().recycled
    await db.release({ outcome: 'passed', session: client })
    await until(settled)
    expect(bed.stats().recycled).toBe(recycled + 1)
    const again = []
    for (let n = bed.stats().ready; n > 0; n--) again.push(await bed.acquire())
    const same = again.find((h) => h.name === db.name)
    expect(same).toBeDefined()
    const session = await same?.takeConnection()
    expect(session).toBe(client)
    const { rows } =
      await client.query(`SELECT pg_backend_pid() AS pid, current_setting('work_mem') AS work_mem,
      current_setting('transaction_read_only') AS read_only,
      (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks,
      (SELECT count(*)::int FROM pg_listening_channels()) AS channels,
      (SELECT count(*)::int FROM pg_prepared_statements) AS prepared,
      (SELECT count(*)::int FROM pg_cursors) AS cursors,
      (SELECT count(*)::int FROM untouched) AS rows`)
    expect(rows[0]).toEqual({
      pid,
      work_mem: workMem,
      read_only: 'off',
      locks: 0,
      channels: 0,
      prepared: 0,
      cursors: 0,
      rows: 1,
    })
    expect(await state(same?.url ?? '')).toEqual(await state(databaseUrl(serverUrl(), reference)))
    await client.end()
    for (const h of again) await h.release()
  })
})

describe('pool.recycle, spares', () => {
  it("keeps a recycled spare's baseline for the run's next process (else it would be dropped after one use)", async () => {
    const expected = await state(databaseUrl(serverUrl(), reference))
    const write = async (url: string): Promise<void> => {
      await query(url, "INSERT INTO untouched VALUES ('s', 's')")
    }
    const first = await attachRun(bed.handoff, { size: 1 })
    const used = await first.acquire()
    await write(used.url)
    await used.release()
    await until(() => first.stats().recycled === 1 && first.stats().recycling === 0)
    await first.close() // leaves its ready databases, the recycled one among them, as spares
    // The recycled spare carries its baseline and the template's snapshot (not read again).
    const runDir = bed.handoff.runDir as string
    const offers = readdirSync(runDir)
      .filter((f) => f.startsWith('spare-'))
      .map((f) => readFileSync(join(runDir, f), 'utf8'))
    expect(offers.some((text) => text.startsWith('{"c":') && text.includes('"s":{"t":'))).toBe(true)
    const second = await attachRun(bed.handoff, { size: 2 })
    try {
      const both = [await second.acquire(), await second.acquire()]
      for (const db of both) {
        expect(await state(db.url)).toEqual(expected)
        await write(db.url)
      }
      for (const db of both) await db.release()
      await until(() => second.stats().recycling === 0)
      expect(second.stats().recycled).toBe(2)
    } finally {
      await second.close()
    }
  })
})
