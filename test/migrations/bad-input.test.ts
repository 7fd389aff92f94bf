/** Bad inputs: each is reported with the file (and line) and a fix, and leaves no database behind. */
import { afterAll, describe, expect, test } from 'vitest'
import { MigrationError, readMigrations, testMigrations } from '../../src/migrations/index.js'
import { serverUrl } from '../support/scratch-database.js'
import { databasesWithPrefix, migrationFolder, removeFolders } from './support.js'

const made: string[] = []
afterAll(() => removeFolders(made))

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await migrationFolder(files)
  made.push(dir)
  return dir
}

async function readError(
  dir: string,
  format?: Parameters<typeof readMigrations>[1],
): Promise<MigrationError> {
  const err = await readMigrations(dir, format).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(MigrationError)
  return err as MigrationError
}

describe('reading bad layouts', () => {
  test('an unknown format name lists the known ones', async () => {
    const dir = await folder({ '001_a.sql': 'select 1;' })
    const err = await readError(dir, { format: 'mybatis' as never })
    expect(err.code).toBe('PGT_MIGRATION_FORMAT')
    expect(err.message).toBe(
      'Failed to read migrations as "mybatis": no such format. Use one of: sqitch, atlas, graphile-migrate, drizzle, diesel, prisma, flyway, goose, sql-migrate, liquibase, dbmate, node-pg-migrate, sqlx, golang-migrate, sql (or leave --format out to detect it).',
    )
  })

  test('a folder matching no layout says which layouts were tried', async () => {
    const dir = await folder({ 'README.md': '# nothing here', 'notes.txt': '' })
    const err = await readError(dir)
    expect(err.code).toBe('PGT_MIGRATION_LAYOUT')
    expect(err.message).toContain('it matches none of the layouts tried:')
    for (const layout of [
      'sqitch.plan',
      'golang-migrate',
      'dbmate',
      'flyway',
      'diesel',
      'prisma',
      'drizzle',
      'node-pg-migrate',
    ]) {
      expect(err.message).toContain(layout)
    }
    expect(err.message).toMatch(/Point --dir at the folder/)
  })

  test('a missing folder', async () => {
    const err = await readError('/nonexistent/migrations')
    expect(err.message).toBe(
      'Failed to read migrations in /nonexistent/migrations: the folder does not exist. Pass the migrations folder with --dir.',
    )
  })

  test('golang-migrate: duplicate version', async () => {
    const dir = await folder({ '1_a.up.sql': 'select 1;', '01_b.up.sql': 'select 2;' })
    const err = await readError(dir)
    expect(err.message).toMatch(/version 1 has two up files \(01_b.up.sql and 1_a.up.sql\)/)
  })

  test('golang-migrate: a gap in sequential versions', async () => {
    const dir = await folder({
      '1_a.up.sql': 'select 1;',
      '2_b.up.sql': 'select 1;',
      '4_d.up.sql': 'select 1;',
    })
    const err = await readError(dir)
    expect(err.message).toContain('the sequence jumps from 2 to 4 (migration 3 is missing)')
    expect(err.file).toBe(`${dir}/4_d.up.sql`)
  })

  test('golang-migrate: a down without its up', async () => {
    const dir = await folder({ '1_a.up.sql': 'select 1;', '2_b.down.sql': 'select 1;' })
    const err = await readError(dir)
    expect(err.message).toContain('2_b.down.sql has no matching 2_b.up.sql')
  })

  test('dbmate: a file without -- migrate:up names the file and line 1', async () => {
    const dir = await folder({
      '20240101000000_a.sql': '-- migrate:up\nselect 1;\n-- migrate:down\n',
      '20240102000000_b.sql': 'create table b ();\n',
    })
    const err = await readError(dir)
    expect(err.file).toBe(`${dir}/20240102000000_b.sql`)
    expect(err.line).toBe(1)
    expect(err.message).toContain('the file has no "-- migrate:up" line')
  })

  test('sqitch: a plan naming a missing deploy script points at the plan line', async () => {
    const dir = await folder({
      'sqitch.plan':
        '%syntax-version=1.0.0\n%project=x\n\nusers 2024-01-01T00:00:00Z A <a@b.c>\nposts 2024-01-02T00:00:00Z A <a@b.c>\n',
      'deploy/users.sql': 'create table users ();',
    })
    const err = await readError(dir)
    expect(err.file).toBe(`${dir}/sqitch.plan`)
    expect(err.line).toBe(5)
    expect(err.message).toBe(
      'Failed to read Sqitch change "posts": sqitch.plan line 5 names it, but deploy/posts.sql does not exist. Create deploy/posts.sql or remove the change from the plan.',
    )
  })

  test('drizzle: the journal names a file that is missing', async () => {
    const dir = await folder({
      'meta/_journal.json': JSON.stringify({
        entries: [
          { idx: 0, tag: '0000_a' },
          { idx: 1, tag: '0001_b' },
        ],
      }),
      '0000_a.sql': 'select 1;',
    })
    const err = await readError(dir)
    expect(err.message).toContain('meta/_journal.json lists it (idx 1) but 0001_b.sql does not exist')
  })

  test('flyway: two files with the same version', async () => {
    const dir = await folder({ 'V1__a.sql': 'select 1;', 'V1.0__b.sql': 'select 1;' })
    const err = await readError(dir)
    expect(err.message).toContain(`version 1 is used twice (${dir}/V1.0__b.sql and ${dir}/V1__a.sql)`)
  })

  test('an explicit format on a folder that has none of its files', async () => {
    const dir = await folder({ '001_a.sql': 'select 1;' })
    const err = await readError(dir, { format: 'diesel' })
    expect(err.message).toContain('the folder holds no migration of that layout')
  })
})

describe('running bad migrations', () => {
  test('unparseable SQL reports file and line, and no database is left behind', async () => {
    const dir = await folder({
      '001_ok.sql': 'create table a (id int);\n',
      '002_bad.sql': '-- a comment\ncreate table b (id int);\n\ncreate tabel c (id int);\n',
    })
    const set = await readMigrations(dir)
    const report = await testMigrations(set, { server: serverUrl(), prefix: 'badsql' })
    expect(report.ok).toBe(false)
    expect(report.checks.up?.failures).toEqual([
      {
        migration: '002_bad.sql',
        kind: 'up-failed',
        file: `${dir}/002_bad.sql`,
        line: 4,
        column: 8,
        details: `Failed to apply up of migration 002_bad.sql: ${dir}/002_bad.sql:4: syntax error at or near "tabel" (SQLSTATE 42601). Fix the SQL at that line; the script ran in a transaction and was rolled back.`,
      },
    ])
    expect(report.checks.down?.skipped).toBe('not run: the up check failed')
    expect(await databasesWithPrefix('badsql')).toEqual([])
  })

  test('a down that fails names its file and line', async () => {
    const dir = await folder({
      '1_a.up.sql': 'create table a (id int);\n',
      '1_a.down.sql': 'drop table a;\n',
      '2_b.up.sql': 'create table b (id int);\n',
      '2_b.down.sql': '\n\ndrop table bb;\n',
    })
    const report = await testMigrations(await readMigrations(dir), {
      server: serverUrl(),
      prefix: 'baddown',
      checks: ['down', 'roundtrip'],
    })
    expect(report.checks.down?.failures[0]).toMatchObject({
      migration: '2_b',
      kind: 'down-failed',
      file: `${dir}/2_b.down.sql`,
      line: 3,
    })
    expect(report.checks.down?.failures[0]?.details).toContain('table "bb" does not exist (SQLSTATE 42P01)')
    expect(report.checks.roundtrip?.failures[0]).toMatchObject({
      migration: '2_b',
      kind: 'down-failed',
      line: 3,
    })
    expect(await databasesWithPrefix('baddown')).toEqual([])
  })

  test('a down that does not undo its up fails the round trip with the difference', async () => {
    const dir = await folder({
      '1_a.up.sql': 'create table a (id int);\n',
      '1_a.down.sql': 'drop table a;\n',
      '2_b.up.sql': 'alter table a add column note text;\ncreate index a_note on a (note);\n',
      '2_b.down.sql': 'drop index a_note;\n',
    })
    const report = await testMigrations(await readMigrations(dir), {
      server: serverUrl(),
      prefix: 'rtrip',
      checks: ['down', 'roundtrip'],
    })
    expect(report.checks.roundtrip?.failures).toEqual([
      {
        migration: '2_b',
        kind: 'roundtrip-mismatch',
        file: `${dir}/2_b.down.sql`,
        line: 1,
        details: ['the down of 2_b does not undo its up:', 'the down left behind column public.a.note'],
      },
    ])
    // The whole chain still composes here (dropping table a takes the column with it).
    expect(report.checks.down?.ok).toBe(true)
  })

  test('a migration without a down fails the down chain unless declared irreversible', async () => {
    const dir = await folder({
      '1_a.up.sql': 'create table a (id int);\n',
      '1_a.down.sql': 'drop table a;\n',
      '2_b.up.sql': 'create table b (id int);\n',
      '3_c.up.sql': 'create table c (id int);\n',
      '3_c.down.sql': 'drop table c;\n',
    })
    const set = await readMigrations(dir)
    const failing = await testMigrations(set, { server: serverUrl(), prefix: 'irrev', checks: ['down'] })
    expect(failing.checks.down?.failures[0]).toMatchObject({ migration: '2_b', kind: 'missing-down' })
    const allowed = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'irrev',
      checks: ['down', 'roundtrip'],
      irreversible: ['2_b'],
    })
    expect(allowed.checks.down).toMatchObject({ ok: true, failures: [] })
    expect(allowed.checks.roundtrip).toMatchObject({
      ok: true,
      skipped: 'declared irreversible, not round-tripped: 2_b',
    })
  })
})
