import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { redactUrl } from '../../src/engine/index.js'
import { introspect, toSnapshot } from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase, serverUrl } from '../support/scratch-database.js'

const APP_SQL_FILE = new URL('./fixtures/app-schema.sql', import.meta.url).pathname

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  stderr.on('data', (d: Buffer) => {
    err += d.toString()
  })
  // no DATABASE_URL, and the url engine is not configured: .sql sources need --server or a URL
  const code = await main(argv, { stdout, stderr, cwd, env: { PATH: process.env['PATH'] } })
  return { code, stdout: out, stderr: err }
}

/** Scratch databases `schema check` created (prefix `pgtcheck`) and did not drop. */
async function leftoverScratchDatabases(): Promise<string[]> {
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'pgtcheck\\_schema\\_%'",
    )
    return rows.map((r) => r.datname)
  } finally {
    await admin.end()
  }
}

describe('pgtestbed schema snapshot / diff', () => {
  let db: ScratchDatabase
  const dir = mkdtempSync(join(tmpdir(), 'pgt-schema-cli-'))
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(readFileSync(APP_SQL_FILE, 'utf8'))
  })
  afterAll(async () => {
    await db?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('snapshot --url --out writes the stable snapshot; diff of equal schemas exits 0', async () => {
    const written = await cli(['schema', 'snapshot', '--url', db.url, '--out', 'schema.json'], dir)
    expect(written).toMatchObject({ code: 0, stderr: '' })
    expect(written.stdout).toBe('wrote schema.json: 6 tables, 2 views, 3 functions\n')
    expect(readFileSync(join(dir, 'schema.json'), 'utf8')).toBe(toSnapshot(await introspect(db.url)))

    const same = await cli(['schema', 'diff', 'schema.json', db.url], dir)
    expect(same.code).toBe(0)
    // The URL's password (the cluster's) is not echoed.
    expect(same.stdout).toBe(`no differences between schema.json and ${redactUrl(db.url)}\n`)
  })

  test('diff between a .sql file and a database exits 1 and lists changes with risk classes (--json too)', async () => {
    const sql = join(dir, 'next.sql')
    writeFileSync(
      sql,
      `${readFileSync(APP_SQL_FILE, 'utf8')}\nALTER TABLE tb_run DROP COLUMN status CASCADE;\nCREATE TABLE tb_new (id int);\n`,
    )
    const human = await cli(['schema', 'diff', db.url, 'next.sql'], dir)
    expect(human.code).toBe(1)
    expect(human.stdout).toContain('destructive  column public.tb_run.status removed')
    expect(human.stdout).toContain('additive     table public.tb_new added')
    expect(human.stdout).toMatch(/\n\d+ changes: 1 destructive, \d+ breaking, 1 additive\n$/)

    const json = await cli(['schema', 'diff', db.url, 'next.sql', '--json', '--ignore', 'public.tb_new'], dir)
    expect(json.code).toBe(1)
    const data = JSON.parse(json.stdout) as { equal: boolean; changes: { kind: string; risk: string }[] }
    expect(data.equal).toBe(false)
    expect(data.changes.map((c) => c.kind)).not.toContain('table-added')
    expect(data.changes).toContainEqual(
      expect.objectContaining({ kind: 'column-removed', risk: 'destructive' }),
    )
  })

  test('snapshot of a .sql file (positional) prints the snapshot when there is no --out', async () => {
    const result = await cli(['schema', 'snapshot', APP_SQL_FILE, '--server', serverUrl()], dir)
    expect(result.code).toBe(0)
    expect(`${result.stdout}`).toBe(toSnapshot(await introspect(db.url)))
  })

  test('two .sql files use --server for their scratch databases', async () => {
    const result = await cli(['schema', 'diff', APP_SQL_FILE, APP_SQL_FILE, '--server', serverUrl()], dir)
    expect(result.code).toBe(0)
  })

  test('schema check: migrated schema vs the committed snapshot (--update writes it, drift exits 1)', async () => {
    const project = join(dir, 'project')
    mkdirSync(join(project, 'migrations'), { recursive: true })
    // its own prefix, so the leftover check below cannot see other tests' scratch databases
    writeFileSync(join(project, 'pgtestbed.config.json'), JSON.stringify({ prefix: 'pgtcheck' }))
    writeFileSync(
      join(project, 'migrations', '001_users.sql'),
      'CREATE TABLE users (id int PRIMARY KEY, email text);\n',
    )
    writeFileSync(
      join(project, 'migrations', '002_index.sql'),
      'CREATE UNIQUE INDEX users_email ON users (email);\n',
    )
    const server = ['--server', serverUrl()]

    const missing = await cli(['schema', 'check', ...server], project)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      'schema.snapshot.json does not exist. Create it with `pgtestbed schema check --update`',
    )

    const updated = await cli(['schema', 'check', '--update', ...server], project)
    expect(updated).toMatchObject({
      code: 0,
      stdout: 'wrote schema.snapshot.json: 1 tables after 2 migrations\n',
    })
    const same = await cli(['schema', 'check', ...server], project)
    expect(same).toMatchObject({
      code: 0,
      stdout: 'schema.snapshot.json matches the schema after 2 migrations\n',
    })

    writeFileSync(join(project, 'migrations', '003_drop.sql'), 'ALTER TABLE users DROP COLUMN email;\n')
    const drift = await cli(['schema', 'check', ...server], project)
    expect(drift.code).toBe(1)
    expect(drift.stdout).toContain('destructive column public.users.email removed')
    expect(drift.stdout).toContain('Run `pgtestbed schema check --update` if the change is intended.')

    writeFileSync(join(project, 'migrations', '004_bad.sql'), 'ALTER TABLE nope ADD COLUMN x int;\n')
    const broken = await cli(['schema', 'check', ...server], project)
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('004_bad.sql')
    expect(await leftoverScratchDatabases()).toEqual([])
  })

  test('bad inputs exit 2 with the file, line and a fix', async () => {
    const missing = await cli(['schema', 'diff', 'nope.json', db.url], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(
      /^pgtestbed: Failed to read schema source ".*nope\.json": it is not a postgres:\/\/ URL/,
    )

    writeFileSync(join(dir, 'bad.sql'), 'CREATE TABLE a (id int);\nCREATE TABLE b (id nosuchtype);\n')
    const bad = await cli(['schema', 'diff', 'bad.sql', db.url], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(
      /^pgtestbed: Failed to apply .*bad\.sql:2:20: type "nosuchtype" does not exist \(SQLSTATE 42704\)/,
    )

    const one = await cli(['schema', 'diff', db.url], dir)
    expect(one.code).toBe(2)
    expect(one.stderr).toContain('expected two schemas, got 1')

    const noUrl = await cli(['schema', 'snapshot'], dir)
    expect(noUrl.code).toBe(2)
    expect(noUrl.stderr).toContain('no database given. Pass --url')
  })
})
