/**
 * The `locks` check on real DDL under data: which statements rewrite a table (relfilenode),
 * which locks they take (seen in the migrating transaction, and by a second session for
 * statements outside one), and budgets that turn the evidence into failures.
 */
import { afterAll, describe, expect, test } from 'vitest'
import { readMigrations, testMigrations } from '../../src/migrations/index.js'
import { serverUrl } from '../support/scratch-database.js'
import { databasesWithPrefix, migrationFolder, removeFolders } from './support.js'

const made: string[] = []
afterAll(() => removeFolders(made))

// dbmate layout; the data (100k rows) is loaded after the first migration.
const FILES = {
  'db/migrations/20240101000000_big.sql':
    '-- migrate:up\ncreate table big (id int primary key, v text);\n-- migrate:down\ndrop table big;\n',
  'db/migrations/20240102000000_nullable.sql':
    '-- migrate:up\nalter table big add column note text;\n-- migrate:down\nalter table big drop column note;\n',
  'db/migrations/20240103000000_volatile.sql':
    '-- migrate:up\nselect 1;\nalter table big add column r float8 default random();\n-- migrate:down\nalter table big drop column r;\n',
  'db/migrations/20240104000000_index.sql':
    '-- migrate:up\ncreate index big_v on big (v);\n-- migrate:down\ndrop index big_v;\n',
  'db/migrations/20240105000000_concurrently.sql':
    '-- migrate:up transaction:false\ncreate index concurrently big_note on big (note);\n-- migrate:down\ndrop index big_note;\n',
  'data/big.sql': "insert into big select g, 'value ' || g from generate_series(1, 100000) g;\n",
}

describe('locks check', () => {
  test('reports rewrites and lock levels per statement, measured on the data', async () => {
    const dir = await migrationFolder(FILES)
    made.push(dir)
    const report = await testMigrations(await readMigrations(`${dir}/db/migrations`), {
      server: serverUrl(),
      prefix: 'locks',
      checks: ['locks'],
      ignore: ['public.schema_migrations'],
      preserve: { at: '20240101000000_big.sql', data: [`${dir}/data/big.sql`] },
    })
    const locks = report.checks.locks
    expect(locks?.ok).toBe(true)
    const by = (name: string) => locks?.locks?.find((m) => m.migration === name)
    const shape = (name: string) =>
      by(name)?.statements.map((s) => ({
        line: s.line,
        sql: s.sql,
        locks: s.locks.filter((l) => l.table === 'public.big').map((l) => l.mode),
        rewrites: s.rewrites.map((r) => `${r.table} ${r.rows}`),
      }))
    // ADD COLUMN without a default: catalog only, but ACCESS EXCLUSIVE until COMMIT.
    expect(shape('20240102000000_nullable.sql')).toEqual([
      { line: 2, sql: 'alter table big add column note text', locks: ['ACCESS EXCLUSIVE'], rewrites: [] },
    ])
    // A volatile default rewrites every row.
    expect(shape('20240103000000_volatile.sql')).toEqual([
      { line: 2, sql: 'select 1', locks: [], rewrites: [] },
      {
        line: 3,
        sql: 'alter table big add column r float8 default random()',
        // the rewrite also rebuilds the primary key index, under a SHARE lock on the table
        locks: ['ACCESS EXCLUSIVE', 'SHARE'],
        rewrites: ['public.big 100000'],
      },
    ])
    // CREATE INDEX blocks writes (SHARE); CONCURRENTLY only SHARE UPDATE EXCLUSIVE, seen from the observer.
    expect(shape('20240104000000_index.sql')).toEqual([
      { line: 2, sql: 'create index big_v on big (v)', locks: ['SHARE'], rewrites: [] },
    ])
    expect(by('20240105000000_concurrently.sql')?.transaction).toBe(false)
    expect(shape('20240105000000_concurrently.sql')).toEqual([
      {
        line: 2,
        sql: 'create index concurrently big_note on big (note)',
        locks: ['SHARE UPDATE EXCLUSIVE'],
        rewrites: [],
      },
    ])
    const held = by('20240102000000_nullable.sql')?.statements[0]?.locks[0]
    expect(held).toMatchObject({ table: 'public.big', rows: 100000 })
    expect(await databasesWithPrefix('locks')).toEqual([])
  })

  test('budgets: a rewrite and an ACCESS EXCLUSIVE hold on a big table fail with file:line', async () => {
    const dir = await migrationFolder(FILES)
    made.push(dir)
    const report = await testMigrations(await readMigrations(`${dir}/db/migrations`), {
      server: serverUrl(),
      prefix: 'locks',
      preserve: { at: '20240101000000_big.sql', data: [`${dir}/data/big.sql`] },
      checks: ['locks'],
      // Any ACCESS EXCLUSIVE hold on a table over 1000 rows exceeds 0 ms.
      locks: { minRows: 1000, maxAccessExclusiveMs: 0, rewrites: 'fail' },
    })
    expect(report.ok).toBe(false)
    expect(report.checks.locks?.failures.map((f) => [f.migration, f.kind, f.line])).toEqual([
      ['20240102000000_nullable.sql', 'lock-budget', 2],
      ['20240103000000_volatile.sql', 'lock-budget', 3],
      ['20240103000000_volatile.sql', 'table-rewrite', 3],
    ])
    expect(report.checks.locks?.failures[2]?.details).toMatch(
      /^alter table big add column r float8 default random\(\): rewrote public\.big \(~100000 rows, \d+ bytes\)/,
    )
    // Below the row threshold nothing fails.
    const small = await testMigrations(await readMigrations(`${dir}/db/migrations`), {
      server: serverUrl(),
      prefix: 'locks',
      preserve: { at: '20240101000000_big.sql', data: [`${dir}/data/big.sql`] },
      checks: ['locks'],
      locks: { minRows: 1_000_000, maxAccessExclusiveMs: 0, rewrites: 'fail' },
    })
    expect(small.checks.locks?.ok).toBe(true)
  })
})
