/** The `pgtestbed migrations …` commands, run through the real CLI entry point. */

import { writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { migrate, readMigrations } from '../../src/migrations/index.js'
import { scratchDatabase, serverUrl } from '../support/scratch-database.js'
import { databasesWithPrefix, migrationFolder, removeFolders } from './support.js'

const FIXTURES = `${import.meta.dirname}/fixtures`
const made: string[] = []
afterAll(() => removeFolders(made))

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk)
      done()
    },
  }) as Writable & { text: string }
  stream.text = ''
  return stream
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink()
  const stderr = sink()
  const cwd = await migrationFolder({})
  made.push(cwd)
  const env = { PGTESTBED_URL: serverUrl(), PGTESTBED_RUN_ID: 'clitest' }
  const code = await main(argv, { stdout, stderr, cwd, env })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

describe('migrations test', () => {
  test('--json prints the report; exit 0 when every check passes; no database left behind', async () => {
    const { code, stdout } = await cli(
      'migrations',
      'test',
      '--dir',
      `${FIXTURES}/dbmate`,
      '--checks',
      'up,down,roundtrip',
      '--json',
    )
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({
      format: 'dbmate',
      migrations: ['20240101000000_users.sql', '20240101000001_posts.sql', '20240101000002_email_index.sql'],
      checks: {
        up: { ok: true, failures: [] },
        down: { ok: true, failures: [] },
        roundtrip: { ok: true, failures: [] },
      },
    })
    expect(Object.keys(report.checks)).toEqual(['up', 'down', 'roundtrip'])
    expect(await databasesWithPrefix('pgt')).toEqual([])
  })

  test('a failing migration: exit 1, human output names file:line', async () => {
    const dir = await migrationFolder({
      '001_a.sql': 'create table a (id int);\n',
      '002_b.sql': '\nalter table nope add column x int;\n',
    })
    made.push(dir)
    const { code, stdout } = await cli('migrations', 'check', '--dir', dir, '--checks', 'up')
    expect(code).toBe(1)
    expect(stdout).toContain('FAIL up')
    expect(stdout).toContain('up-failed in 002_b.sql')
    expect(stdout).toMatch(/002_b\.sql:2\n/)
    expect(stdout).toContain('relation "nope" does not exist (SQLSTATE 42P01)')
  })

  test('usage and setup errors exit 2 with a message', async () => {
    const unknownFormat = await cli('migrations', 'test', '--dir', `${FIXTURES}/sql`, '--format', 'mybatis')
    expect(unknownFormat.code).toBe(2)
    expect(unknownFormat.stderr).toBe(
      'pgtestbed: Unknown --format "mybatis". Use one of: sqitch, atlas, graphile-migrate, drizzle, diesel, prisma, flyway, goose, sql-migrate, liquibase, dbmate, node-pg-migrate, sqlx, golang-migrate, sql, or auto.\n',
    )
    const unknownCheck = await cli('migrations', 'test', '--dir', `${FIXTURES}/sql`, '--checks', 'up,nope')
    expect(unknownCheck.code).toBe(2)
    expect(unknownCheck.stderr).toContain('Unknown check "nope" in --checks')
    const noAt = await cli('migrations', 'test', '--dir', `${FIXTURES}/sql`, '--preserve-data', 'seed.sql')
    expect(noAt).toMatchObject({ code: 2, stderr: expect.stringContaining('need --preserve-at NAME') })
    const badTier = await cli(
      'migrations',
      'test',
      '--dir',
      `${FIXTURES}/sql`,
      '--preserve-at',
      '001_users.sql',
      '--preserve-tier',
      'huge',
    )
    expect(badTier).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--preserve-tier huge: not a tier. Use one of: minimal, realistic, performance.',
      ),
    })
    const missingHook = await cli('migrations', 'test', '--dir', `${FIXTURES}/sql`, '--setup', '@nope.sql')
    expect(missingHook).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.sql does not exist') })
    const empty = await migrationFolder({ 'README.md': 'hi' })
    made.push(empty)
    const noLayout = await cli('migrations', 'test', '--dir', empty)
    expect(noLayout.code).toBe(2)
    expect(noLayout.stderr).toContain('it matches none of the layouts tried')
  })
})

test('preserve and drift through the CLI', async () => {
  const dir = await migrationFolder({
    'migrations/001_users.sql': 'create table users (id int primary key, name text);\n',
    'migrations/002_drop.sql': 'alter table users drop column name;\n',
    'seed.sql': "insert into users values (1, 'Ada');\n",
    'names.sql': 'select id from users where name is null;\n',
    'schema.sql': 'create table users (id int primary key);\n',
  })
  made.push(dir)
  const { code, stdout } = await cli(
    'migrations',
    'test',
    '--dir',
    `${dir}/migrations`,
    '--checks',
    'preserve,drift',
    '--json',
    '--preserve-at',
    '001_users.sql',
    '--preserve-data',
    `${dir}/seed.sql`,
    '--preserve-assert',
    `${dir}/names.sql`,
    '--schema',
    `${dir}/schema.sql`,
  )
  expect(code).toBe(1)
  const report = JSON.parse(stdout)
  expect(report.checks.drift).toEqual({ ok: true, failures: [] })
  expect(report.checks.preserve.failures[0]).toMatchObject({
    kind: 'data-lost',
    migration: '002_drop.sql',
    file: `${dir}/names.sql`,
  })
})

describe('migrations lint', () => {
  test('findings print file:line and exit 1; clean files exit 0', async () => {
    const dir = await migrationFolder({
      'bad.sql': 'select 1;\nalter table users drop column email;\n',
      'good.sql': 'create table t (id bigint);\n',
    })
    made.push(dir)
    const bad = await cli('migrations', 'lint', `${dir}/bad.sql`, '--disable', 'require-lock-timeout')
    expect(bad.code).toBe(1)
    // Paths are printed relative to the working directory.
    expect(bad.stdout).toContain(`../${basename(dir)}/bad.sql:2: error ban-drop-column:`)
    expect(bad.stdout).toContain('    fix: Stop reading and writing the column')
    const good = await cli('migrations', 'lint', `${dir}/good.sql`)
    expect(good).toMatchObject({ code: 0, stdout: 'No findings in 1 script(s).\n' })
  })

  test('--dir lints a whole migration folder; --json gives the findings', async () => {
    // The fixture sets are clean: indexes on new tables, the concurrent one outside a transaction.
    const clean = await cli('migrations', 'lint', '--dir', `${FIXTURES}/golang-migrate`, '--json')
    expect(clean.code).toBe(0)
    const dir = await migrationFolder({
      '1_a.up.sql': 'create table a (id int);\n',
      '1_a.down.sql': 'drop table a;\n',
      '2_b.up.sql': 'create index a_id on a (id);\n',
    })
    made.push(dir)
    const { code, stdout } = await cli('migrations', 'lint', '--dir', dir, '--json')
    expect(code).toBe(1)
    const report = JSON.parse(stdout)
    expect(
      report.findings.map(
        (f: { rule: string; file: string; line: number }) => `${basename(f.file)}:${f.line} ${f.rule}`,
      ),
    ).toEqual([
      '2_b.up.sql:1 require-concurrent-index-creation',
      '2_b.up.sql:1 require-lock-timeout',
      '2_b.up.sql:1 missing-down',
    ])
  })
})

describe('migrations status', () => {
  test('lists the format and migrations', async () => {
    const { code, stdout } = await cli('migrations', 'status', '--dir', `${FIXTURES}/prisma`)
    expect(code).toBe(0)
    expect(stdout).toContain('prisma migrations in')
    expect(stdout).toContain('(this format has no down migrations)')
    expect(stdout).toContain('  20240101000002_email_index\n')
  })

  test('--db shows what the runner applied; edited history exits 1', async () => {
    const dir = await migrationFolder({
      '001_a.sql': 'create table a (id int);\n',
      '002_b.sql': 'create table b (id int);\n',
    })
    made.push(dir)
    const db = await scratchDatabase()
    try {
      await migrate(db.client, await readMigrations(dir), { to: '001_a.sql' })
      const fresh = await cli('migrations', 'status', '--dir', dir, '--db', db.url)
      expect(fresh.code).toBe(0)
      expect(fresh.stdout).toContain('  applied      001_a.sql\n  pending      002_b.sql\n')
      await writeFile(`${dir}/001_a.sql`, 'create table a (id bigint);\n')
      const edited = await cli('migrations', 'status', '--dir', dir, '--db', db.url, '--json')
      expect(edited.code).toBe(1)
      expect(JSON.parse(edited.stdout).migrations.map((m: { state: string }) => m.state)).toEqual([
        'changed',
        'pending',
      ])
    } finally {
      await db.drop()
    }
  })
})
