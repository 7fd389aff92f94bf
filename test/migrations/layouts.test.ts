/**
 * The layouts added for issue 19 (goose, sql-migrate, Liquibase formatted SQL, sqlx, Atlas,
 * Graphile Migrate) run the same conformance suite as the others — the same three migrations
 * (users, posts, a concurrent unique index), a broken copy that must fail at its file and line —
 * and a detection matrix over one fixture project per layout proves no layout is taken for another.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import {
  detectFormat,
  FORMATS,
  type FormatName,
  readMigrations,
  testMigrations,
} from '../../src/migrations/index.js'
import { serverUrl } from '../support/scratch-database.js'

const NEW = join(import.meta.dirname, '..', 'fixtures')
const OLD = join(import.meta.dirname, 'fixtures')

interface Case {
  readonly dir: string
  readonly format: FormatName
  readonly names: readonly string[]
  readonly transaction: readonly boolean[]
  readonly downs: boolean
}

const CASES: readonly Case[] = [
  {
    dir: join(NEW, 'migrations-goose'),
    format: 'goose',
    names: ['00001_users.sql', '00002_posts.sql', '00003_email_index.sql'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: join(NEW, 'migrations-sql-migrate'),
    format: 'sql-migrate',
    names: ['1_users.sql', '2_posts.sql', '3_email_index.sql'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: join(NEW, 'migrations-liquibase'),
    format: 'liquibase',
    names: ['alice:1', 'alice:2', 'bob:3'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: join(NEW, 'migrations-sqlx', 'migrations'),
    format: 'sqlx',
    names: ['20240101000000_users', '20240101000001_posts', '20240101000002_email_index'],
    transaction: [true, true, false],
    downs: true,
  },
  {
    dir: join(NEW, 'migrations-sqlx-simple'),
    format: 'sqlx',
    names: ['20240101000000_users', '20240101000001_posts', '20240101000002_email_index'],
    transaction: [true, true, false],
    downs: false,
  },
  {
    dir: join(NEW, 'migrations-atlas'),
    format: 'atlas',
    names: ['20240101000000_users.sql', '20240101000001_posts.sql', '20240101000002_email_index.sql'],
    transaction: [true, true, false],
    downs: false,
  },
  {
    dir: join(NEW, 'migrations-graphile-migrate'),
    format: 'graphile-migrate',
    names: ['000001-users.sql', '000002-posts.sql', '000003-email-index.sql'],
    transaction: [true, true, false],
    downs: false,
  },
]

const temporary: string[] = []
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    if ((await stat(path)).isDirectory()) out.push(...(await filesUnder(path)))
    else out.push(path)
  }
  return out
}

async function copyOf(dir: string, label: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), `pgt-layout-${label}-`))
  temporary.push(copy)
  await cp(dir, copy, { recursive: true })
  return copy
}

describe.each(CASES)('layout $format ($dir)', (c) => {
  test('is detected', async () => {
    expect((await detectFormat(c.dir)).name).toBe(c.format)
  })

  test('reads the migrations in order with their transaction modes and downs', async () => {
    const set = await readMigrations(c.dir)
    expect(set.format).toBe(c.format)
    expect(set.migrations.map((m) => m.name)).toEqual(c.names)
    expect(set.migrations.map((m) => m.up.transaction)).toEqual(c.transaction)
    expect(set.migrations.map((m) => m.down !== undefined)).toEqual(c.names.map(() => c.downs))
  })

  test('passes every check on real PostgreSQL', async () => {
    const set = await readMigrations(c.dir, { format: c.format })
    const report = await testMigrations(set, { server: serverUrl(), prefix: 'layout' })
    expect(report.checks.up?.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.migrations).toEqual(c.names)
    if (c.downs) {
      expect(report.checks.down).toMatchObject({ ok: true, failures: [] })
      expect(report.checks.roundtrip?.skipped).toBeUndefined()
    } else {
      expect(report.checks.down?.skipped).toMatch(/no down scripts|no migration has a down script/)
    }
  })

  test('a broken copy reports the failing file and line', async () => {
    const copy = await copyOf(c.dir, c.format)
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
    // Integrity files would (rightly) refuse the edited copy first: rehash them as the tool would.
    if (c.format === 'atlas') await rehashAtlas(copy)
    if (c.format === 'graphile-migrate') await rehashGraphile(copy)
    const set = await readMigrations(copy)
    const report = await testMigrations(set, { server: serverUrl(), prefix: 'layout', checks: ['up'] })
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

async function rehashAtlas(dir: string): Promise<void> {
  const { atlasHashes, atlasTotal } = await import('../../src/sql/migrations/formats/atlas.js')
  const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  const entries = atlasHashes(
    await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') }))),
  )
  await writeFile(
    join(dir, 'atlas.sum'),
    `h1:${atlasTotal(entries)}\n${entries.map((e) => `${e.name} h1:${e.hash}\n`).join('')}`,
  )
}

async function rehashGraphile(dir: string): Promise<void> {
  const { graphileHash, parseGraphileMigration } = await import(
    '../../src/sql/migrations/formats/graphile-migrate.js'
  )
  let previous: string | null = null
  for (const name of (await readdir(join(dir, 'committed'))).sort()) {
    const file = join(dir, 'committed', name)
    const text = await readFile(file, 'utf8')
    const hash = graphileHash(parseGraphileMigration(text).body, previous)
    // Same header lines, new values: the line numbers of the body stay as they were.
    await writeFile(
      file,
      text
        .replace(/^--! Previous: .*$/m, `--! Previous: ${previous ?? '-'}`)
        .replace(/^--! Hash: .*$/m, `--! Hash: ${hash}`),
    )
    previous = hash
  }
}

/** One fixture project per layout: the layout it must be detected as. */
const MATRIX: readonly [string, FormatName][] = [
  [join(OLD, 'sql'), 'sql'],
  [join(OLD, 'golang-migrate'), 'golang-migrate'],
  [join(OLD, 'dbmate'), 'dbmate'],
  [join(OLD, 'node-pg-migrate'), 'node-pg-migrate'],
  [join(OLD, 'flyway'), 'flyway'],
  [join(OLD, 'sqitch'), 'sqitch'],
  [join(OLD, 'diesel'), 'diesel'],
  [join(OLD, 'prisma'), 'prisma'],
  [join(OLD, 'drizzle-journal'), 'drizzle'],
  [join(OLD, 'drizzle-folders'), 'drizzle'],
  ...CASES.map((c): [string, FormatName] => [c.dir, c.format]),
]

describe('detection matrix', () => {
  test('every layout is covered by a fixture project', () => {
    expect(new Set(MATRIX.map(([, f]) => f))).toEqual(new Set(FORMATS.map((f) => f.name)))
  })

  test.each(MATRIX)('%s is %s, and no layout tried before it claims it', async (dir, format) => {
    const claims: FormatName[] = []
    for (const f of FORMATS) if (await f.detect(dir)) claims.push(f.name)
    // The first claim wins: it must be the right one (later, looser layouts may also match).
    expect(claims[0]).toBe(format)
    expect((await detectFormat(dir)).name).toBe(format)
  })

  test('a golang-migrate folder is not taken for sqlx, nor the other way round', async () => {
    const sqlx = FORMATS.find((f) => f.name === 'sqlx')!
    const golang = FORMATS.find((f) => f.name === 'golang-migrate')!
    expect(await sqlx.detect(join(OLD, 'golang-migrate'))).toBe(false)
    expect(await golang.detect(join(NEW, 'migrations-sqlx', 'migrations'))).toBe(true)
    expect((await detectFormat(join(NEW, 'migrations-sqlx', 'migrations'))).name).toBe('sqlx')
    expect(await sqlx.detect(join(OLD, 'sql'))).toBe(false)
  })
})

describe('integrity files', () => {
  test('Atlas: a file edited after atlas.sum was written is named', async () => {
    const copy = await copyOf(join(NEW, 'migrations-atlas'), 'atlas-sum')
    const file = join(copy, '20240101000001_posts.sql')
    await writeFile(file, `${await readFile(file, 'utf8')}-- edited\n`)
    await expect(readMigrations(copy)).rejects.toMatchObject({
      code: 'PGT_MIGRATION_LAYOUT',
      file,
      message: expect.stringMatching(
        /20240101000001_posts\.sql changed after atlas\.sum was written[\s\S]*atlas migrate hash/,
      ),
    })
  })

  test('Atlas: a file missing from atlas.sum is named', async () => {
    const copy = await copyOf(join(NEW, 'migrations-atlas'), 'atlas-new')
    await writeFile(join(copy, '20240101000003_more.sql'), 'select 1;\n')
    await expect(readMigrations(copy)).rejects.toThrow(/20240101000003_more\.sql is not in atlas\.sum/)
  })

  test('Graphile Migrate: an edited committed body fails at its Hash header', async () => {
    const copy = await copyOf(join(NEW, 'migrations-graphile-migrate'), 'graphile-hash')
    const file = join(copy, 'committed', '000002-posts.sql')
    await writeFile(file, (await readFile(file, 'utf8')).replace('title text', 'headline text'))
    await expect(readMigrations(copy)).rejects.toMatchObject({
      code: 'PGT_MIGRATION_LAYOUT',
      file,
      line: 2,
      message: expect.stringMatching(/edited after commit/),
    })
  })

  test('Graphile Migrate: a removed migration breaks the chain', async () => {
    const copy = await copyOf(join(NEW, 'migrations-graphile-migrate'), 'graphile-chain')
    await rm(join(copy, 'committed', '000002-posts.sql'))
    await expect(readMigrations(copy)).rejects.toThrow(/000003-email-index\.sql[\s\S]*Previous/)
  })
})

describe('bad input names the file', () => {
  test('goose: a file without "-- +goose Up"', async () => {
    const copy = await copyOf(join(NEW, 'migrations-goose'), 'goose-bad')
    await writeFile(join(copy, '00004_more.sql'), 'select 1;\n')
    await expect(readMigrations(copy, { format: 'goose' })).rejects.toMatchObject({
      file: join(copy, '00004_more.sql'),
      message: expect.stringContaining('-- +goose Up'),
    })
  })

  test('Liquibase: a changeset id used twice', async () => {
    const copy = await copyOf(join(NEW, 'migrations-liquibase'), 'liquibase-dup')
    await writeFile(
      join(copy, '003-again.sql'),
      '--liquibase formatted sql\n--changeset alice:1\nselect 1;\n',
    )
    await expect(readMigrations(copy)).rejects.toMatchObject({
      file: join(copy, '003-again.sql'),
      line: 2,
      message: expect.stringContaining('changeset alice:1 is defined twice'),
    })
  })

  test('Liquibase: rollback lines become the down script at their own lines', async () => {
    const set = await readMigrations(join(NEW, 'migrations-liquibase'))
    const users = set.migrations[0]!
    expect(users.down?.sql.trim()).toBe('drop table users;')
    expect(users.down?.line).toBe(8)
    expect(users.up.sql).not.toContain('drop table')
  })
})
