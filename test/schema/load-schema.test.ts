import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  diffSchemas,
  introspect,
  loadSchema,
  type SchemaModel,
  sourceKind,
  toSnapshot,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase, serverUrl } from '../support/scratch-database.js'

const APP_SQL_FILE = new URL('./fixtures/app-schema.sql', import.meta.url).pathname
const APP_SQL = readFileSync(APP_SQL_FILE, 'utf8')

async function leftoverScratchDatabases(prefix: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}\\_schema\\_%`],
    )
    return rows.map((r) => r.datname)
  } finally {
    await admin.end()
  }
}

describe('loadSchema', () => {
  let db: ScratchDatabase
  let live: SchemaModel
  const dir = mkdtempSync(join(tmpdir(), 'pgt-load-'))
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(APP_SQL)
    live = await introspect(db.client)
  })
  afterAll(async () => {
    await db?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('tells URLs, .sql files and snapshots apart', () => {
    expect(sourceKind('postgres://h/db')).toBe('url')
    expect(sourceKind('postgresql://h/db')).toBe('url')
    expect(sourceKind('db/schema.SQL')).toBe('sql')
    expect(sourceKind('schema.json')).toBe('snapshot')
  })

  test('a .sql file, a snapshot file and a URL of the same schema are equal', async () => {
    const snapshotFile = join(dir, 'app.json')
    writeFileSync(snapshotFile, toSnapshot(live))
    const fromSql = await loadSchema(APP_SQL_FILE, { serverUrl: serverUrl(), prefix: 'pgtload' })
    expect(diffSchemas(fromSql, live)).toEqual([])
    expect(await loadSchema(snapshotFile)).toEqual(live)
    expect(await loadSchema(db.url)).toEqual(live)
    expect(await leftoverScratchDatabases('pgtload')).toEqual([])
  })

  test('pg_dump noise (\\restrict lines with random keys, COPY data) never counts as drift', async () => {
    const dump = (key: string) => `--
-- PostgreSQL database dump
--
\\restrict ${key}
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.items (id integer NOT NULL, name text);
COPY public.items (id, name) FROM stdin;
1\tone
2\ttwo
\\.
ALTER TABLE ONLY public.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);
\\unrestrict ${key}
`
    const a = join(dir, 'dump-a.sql')
    const b = join(dir, 'dump-b.sql')
    writeFileSync(a, dump('q2Yx8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghij'))
    writeFileSync(b, dump('ZZZZ8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghij'))
    const options = { serverUrl: serverUrl(), prefix: 'pgtdump' }
    const [ma, mb] = [await loadSchema(a, options), await loadSchema(b, options)]
    expect(diffSchemas(ma, mb)).toEqual([])
    expect(ma.tables.map((t) => [t.name, t.primaryKey?.columns])).toEqual([['items', ['id']]])
    // search_path = '' in the dump does not leak into the introspection
    expect(ma.tables[0]?.columns[0]?.type).toBe('integer')
  })

  test('bad SQL is reported with file:line:column, SQLSTATE and a fix, and leaves no database behind', async () => {
    const bad = join(dir, 'bad.sql')
    writeFileSync(bad, 'CREATE TABLE ok (id int);\n\nCREATE TABLE broken (\n  id int,\n  name txet\n);\n')
    const error = await loadSchema(bad, { serverUrl: serverUrl(), prefix: 'pgtbad' }).catch(
      (err: unknown) => err,
    )
    expect(error).toMatchObject({ code: 'PGT_SCHEMA_SQL', file: bad, line: 5 })
    expect((error as Error).message).toBe(
      `Failed to apply ${bad}:5:8: type "txet" does not exist (SQLSTATE 42704). Fix the SQL at that line; the scratch database was dropped.`,
    )
    expect(await leftoverScratchDatabases('pgtbad')).toEqual([])
  })

  test('line numbers stay those of the file after dump noise is blanked out', async () => {
    const file = join(dir, 'noisy.sql')
    writeFileSync(
      file,
      '\\restrict abc\nCOPY t (a) FROM stdin;\n1\n\\.\nCREATE TABLE x (id nosuch);\n\\unrestrict abc\n',
    )
    await expect(loadSchema(file, { serverUrl: serverUrl(), prefix: 'pgtnoisy' })).rejects.toMatchObject({
      line: 5,
    })
  })

  test('a psql meta-command, a missing file and a missing server are clear errors', async () => {
    const meta = join(dir, 'meta.sql')
    writeFileSync(meta, 'CREATE TABLE a (id int);\n\\connect other\n')
    await expect(loadSchema(meta, { serverUrl: serverUrl() })).rejects.toThrow(
      /^Failed to apply .*meta\.sql:2: "\\connect other" is a psql meta-command, not SQL/,
    )
    await expect(loadSchema(join(dir, 'missing.sql'), { serverUrl: serverUrl() })).rejects.toThrow(
      /missing\.sql: the file does not exist/,
    )
    await expect(loadSchema(join(dir, 'missing.json'))).rejects.toThrow(
      /it is not a postgres:\/\/ URL, and no such snapshot file exists/,
    )
    await expect(loadSchema(APP_SQL_FILE)).rejects.toThrow(
      /no server to create a scratch database on.*--server URL/,
    )
  })
})
