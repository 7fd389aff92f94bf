/**
 * One conformance suite, run against every migration format on its fixture folder: the same
 * three migrations (users, posts, a concurrent unique index) written in each layout.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { detectFormat, type FormatName, readMigrations, testMigrations } from '../../src/migrations/index.js'
import { serverUrl } from '../support/scratch-database.js'

const FIXTURES = join(import.meta.dirname, 'fixtures')

interface Case {
  readonly dir: string
  readonly format: FormatName
  readonly names: readonly string[]
  readonly transaction: readonly boolean[]
  readonly downs: boolean
}

const CASES: readonly Case[] = [
  {
    dir: 'sql',
    format: 'sql',
    names: ['001_users.sql', '002_posts.sql', '003_email_index.sql'],
    transaction: [true, true, false],
    downs: false,
  },
  {
    dir: 'golang-migrate',
    format: 'golang-migrate',
    names: ['1_users', '2_posts', '3_email_index'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: 'dbmate',
    format: 'dbmate',
    names: ['20240101000000_users.sql', '20240101000001_posts.sql', '20240101000002_email_index.sql'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: 'node-pg-migrate',
    format: 'node-pg-migrate',
    names: ['1700000000000_users.sql', '1700000000001_posts.sql', '1700000000002_email_index.sql'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: 'flyway',
    format: 'flyway',
    names: ['V1__users.sql', 'V2__posts.sql', 'V3__email_index.sql'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: 'sqitch',
    format: 'sqitch',
    names: ['users', 'posts', 'email_index'],
    transaction: [false, false, false],
    downs: true,
  },
  {
    dir: 'diesel',
    format: 'diesel',
    names: ['2024-01-01-000000_users', '2024-01-01-000001_posts', '2024-01-01-000002_email_index'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: 'prisma',
    format: 'prisma',
    names: ['20240101000000_users', '20240101000001_posts', '20240101000002_email_index'],
    transaction: [true, true, true],
    downs: false,
  },
  {
    dir: 'drizzle-journal',
    format: 'drizzle',
    names: ['0000_users.sql', '0001_posts.sql', '0002_email_index.sql'],
    transaction: [true, true, true],
    downs: false,
  },
  {
    dir: 'drizzle-folders',
    format: 'drizzle',
    names: ['20240101000000_users', '20240101000001_posts', '20240101000002_email_index'],
    transaction: [true, true, true],
    downs: false,
  },
]

const temporary: string[] = []
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    if ((await stat(path)).isDirectory()) out.push(...(await filesUnder(path)))
    else out.push(path)
  }
  return out
}

describe.each(CASES)('format $dir', (c) => {
  const dir = join(FIXTURES, c.dir)

  test('is detected', async () => {
    expect((await detectFormat(dir)).name).toBe(c.format)
  })

  test('reads the migrations in order with their transaction modes', async () => {
    const set = await readMigrations(dir)
    expect(set.format).toBe(c.format)
    expect(set.migrations.map((m) => m.name)).toEqual(c.names)
    expect(set.migrations.map((m) => m.up.transaction)).toEqual(c.transaction)
    expect(set.migrations.every((m) => (m.down !== undefined) === c.downs)).toBe(true)
    expect(Object.isFrozen(set.migrations[0])).toBe(true)
  })

  test('passes every check on real PostgreSQL', async () => {
    const set = await readMigrations(dir, { format: c.format })
    const report = await testMigrations(set, { server: serverUrl(), prefix: 'conf' })
    expect(report.checks.up?.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.migrations).toEqual(c.names)
    expect(report.checks.timing?.timings?.map((t) => t.migration)).toEqual(c.names)
    if (c.downs) {
      expect(report.checks.down).toMatchObject({ ok: true, failures: [] })
      expect(report.checks.down?.skipped).toBeUndefined()
      expect(report.checks.roundtrip?.skipped).toBeUndefined()
    } else {
      // Formats without downs say so and skip the down checks.
      expect(report.checks.down?.skipped).toMatch(/no down scripts|no migration has a down script/)
      expect(report.checks.roundtrip?.skipped).toMatch(/no down scripts|no migration has a down script/)
    }
    expect(report.checks.idempotent).toMatchObject({ ok: true })
  })

  test('a broken copy reports the failing file and line', async () => {
    const copy = await mkdtemp(join(tmpdir(), `pgt-broken-${c.dir}-`))
    temporary.push(copy)
    await cp(dir, copy, { recursive: true })
    // Break migration 2: a type that does not exist, in its up script.
    let brokenFile = ''
    let brokenLine = 0
    for (const file of await filesUnder(copy)) {
      const text = await readFile(file, 'utf8')
      const index = text.indexOf('title text not null')
      if (index === -1) continue
      await writeFile(file, text.replace('title text not null', 'title txt not null'))
      brokenFile = file
      brokenLine = text.slice(0, index).split('\n').length
    }
    expect(brokenFile).not.toBe('')
    const set = await readMigrations(copy)
    const report = await testMigrations(set, { server: serverUrl(), prefix: 'conf', checks: ['up'] })
    expect(report.ok).toBe(false)
    const failure = report.checks.up?.failures[0]
    expect(failure).toMatchObject({
      migration: c.names[1],
      kind: 'up-failed',
      file: brokenFile,
      line: brokenLine,
    })
    expect(failure?.details).toContain(
      `${brokenFile}:${brokenLine}: type "txt" does not exist (SQLSTATE 42704)`,
    )
  })
})
