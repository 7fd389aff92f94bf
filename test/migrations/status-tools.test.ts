/**
 * `migrationStatus` against each tool's own state table: the tables are created with the tools'
 * own DDL and filled the way the tools fill them, then the status must say what is applied,
 * pending, changed after being applied, dirty, out of order or missing.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import * as zlib from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { migrate, migrationStatus, readMigrations } from '../../src/migrations/index.js'
import { flywayChecksum } from '../../src/migrations/status-tools/index.js'
import { type ScratchDatabase, scratchDatabase, serverUrl } from '../support/scratch-database.js'
import { migrationFolder, removeFolders } from './support.js'

const OLD = join(import.meta.dirname, 'fixtures')
const NEW = join(import.meta.dirname, '..', 'fixtures')
const made: string[] = []
afterAll(() => removeFolders(made))

async function withDb(run: (db: ScratchDatabase) => Promise<void>): Promise<void> {
  const db = await scratchDatabase()
  try {
    await run(db)
  } finally {
    await db.drop()
  }
}

function states(status: { rows: readonly { state: string }[] }): string[] {
  return status.rows.map((r) => r.state)
}

describe('Flyway: flyway_schema_history', () => {
  test('checksums are CRC-32 over the lines without their breaks, as a signed int', () => {
    expect(flywayChecksum('abc')).toBe(zlib.crc32('abc') | 0)
    expect(flywayChecksum('a\nb\n')).toBe(zlib.crc32('ab') | 0)
    expect(flywayChecksum('a\r\nb')).toBe(flywayChecksum('a\nb'))
    expect(flywayChecksum('\uFEFFa\nb')).toBe(flywayChecksum('a\nb'))
    expect(flywayChecksum('create table t (id int);\n')).toBeLessThan(2 ** 31)
  })

  test('applied, changed after applying, failed (dirty)', async () => {
    const dir = join(OLD, 'flyway')
    const file = (name: string) => readFileSync(join(dir, name), 'utf8')
    await withDb(async (db) => {
      await db.client.query(`create table flyway_schema_history (
        installed_rank int not null primary key, version varchar(50), description varchar(200) not null,
        type varchar(20) not null, script varchar(1000) not null, checksum integer,
        installed_by varchar(100) not null, installed_on timestamp not null default now(),
        execution_time integer not null, success boolean not null)`)
      const insert = `insert into flyway_schema_history
        (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
        values ($1, $2, $3, 'SQL', $4, $5, 'me', 1, $6)`
      await db.client.query(insert, [
        1,
        '1',
        'users',
        'V1__users.sql',
        flywayChecksum(file('V1__users.sql')),
        true,
      ])
      await db.client.query(insert, [
        2,
        '2',
        'posts',
        'V2__posts.sql',
        flywayChecksum('create table posts ();'),
        true,
      ])
      await db.client.query(insert, [3, '3', 'email index', 'V3__email_index.sql', null, false])
      const status = await migrationStatus(db.client, await readMigrations(dir))
      expect(status).toMatchObject({
        tool: 'flyway',
        table: 'flyway_schema_history',
        tableFound: true,
        ok: false,
      })
      expect(states(status)).toEqual(['applied', 'changed', 'dirty'])
      expect(status.rows[1]?.note).toMatch(/^checksum -?\d+ recorded, -?\d+ now$/)
      expect(status.rows[2]?.note).toContain('flyway repair')
    })
  })

  test('versions at or below a BASELINE row count as applied', async () => {
    await withDb(async (db) => {
      await db.client.query(`create table flyway_schema_history (installed_rank int primary key,
        version varchar(50), type varchar(20) not null, script varchar(1000) not null, checksum integer,
        success boolean not null)`)
      await db.client.query(
        `insert into flyway_schema_history values (1, '2', 'BASELINE', '<< Flyway Baseline >>', null, true)`,
      )
      const status = await migrationStatus(db.client, await readMigrations(join(OLD, 'flyway')))
      expect(states(status)).toEqual(['applied', 'applied', 'pending'])
      expect(status.ok).toBe(true)
    })
  })
})

describe('golang-migrate: schema_migrations with its dirty flag', () => {
  test('a dirty version is reported dirty, the ones before it applied', async () => {
    const set = await readMigrations(join(OLD, 'golang-migrate'))
    await withDb(async (db) => {
      await db.client.query(
        'create table schema_migrations (version bigint not null primary key, dirty boolean not null)',
      )
      await db.client.query('insert into schema_migrations values (2, true)')
      const dirty = await migrationStatus(db.client, set)
      expect(states(dirty)).toEqual(['applied', 'dirty', 'pending'])
      expect(dirty.ok).toBe(false)
      expect(dirty.rows[1]?.note).toContain('migrate force')
      await db.client.query('update schema_migrations set version = 3, dirty = false')
      const clean = await migrationStatus(db.client, set)
      expect(states(clean)).toEqual(['applied', 'applied', 'applied'])
      expect(clean.ok).toBe(true)
    })
  })
})

describe('dbmate: schema_migrations', () => {
  test('out of order and missing versions', async () => {
    await withDb(async (db) => {
      await db.client.query('create table schema_migrations (version varchar(128) primary key)')
      await db.client.query(
        `insert into schema_migrations values ('20231231000000'), ('20240101000000'), ('20240101000002')`,
      )
      const status = await migrationStatus(db.client, await readMigrations(join(OLD, 'dbmate')))
      expect(status.tool).toBe('dbmate')
      expect(states(status)).toEqual(['applied', 'out-of-order', 'applied'])
      expect(status.missing).toEqual(['20231231000000'])
      expect(status.ok).toBe(false)
    })
  })
})

describe('Diesel: __diesel_schema_migrations', () => {
  test('versions without their dashes', async () => {
    await withDb(async (db) => {
      await db.client.query(`create table __diesel_schema_migrations (
        version varchar(50) primary key not null, run_on timestamp not null default current_timestamp)`)
      await db.client.query(`insert into __diesel_schema_migrations (version) values ('20240101000000')`)
      const status = await migrationStatus(db.client, await readMigrations(join(OLD, 'diesel')))
      expect(status).toMatchObject({ tool: 'diesel', ok: true })
      expect(states(status)).toEqual(['applied', 'pending', 'pending'])
    })
  })
})

describe('Prisma: _prisma_migrations', () => {
  test('SHA-256 checksums and unfinished migrations', async () => {
    const dir = join(OLD, 'prisma')
    const sha = (name: string) =>
      createHash('sha256')
        .update(readFileSync(join(dir, name, 'migration.sql')))
        .digest('hex')
    await withDb(async (db) => {
      await db.client.query(`create table _prisma_migrations (
        id varchar(36) primary key not null, checksum varchar(64) not null, finished_at timestamptz,
        migration_name varchar(255) not null, logs text, rolled_back_at timestamptz,
        started_at timestamptz not null default now(), applied_steps_count integer not null default 0)`)
      const insert =
        'insert into _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at) values ($1, $2, $3, $4, $5)'
      await db.client.query(insert, [
        'a',
        sha('20240101000000_users'),
        new Date(),
        '20240101000000_users',
        null,
      ])
      await db.client.query(insert, ['b', 'f'.repeat(64), new Date(), '20240101000001_posts', null])
      // A rolled-back attempt is ignored; the later unfinished one is the state.
      await db.client.query(insert, [
        'c',
        sha('20240101000002_email_index'),
        null,
        '20240101000002_email_index',
        new Date(),
      ])
      await db.client.query(insert, [
        'd',
        sha('20240101000002_email_index'),
        null,
        '20240101000002_email_index',
        null,
      ])
      const status = await migrationStatus(db.client, await readMigrations(dir))
      expect(states(status)).toEqual(['applied', 'changed', 'dirty'])
      expect(status.rows[2]?.note).toContain('prisma migrate resolve')
    })
  })
})

describe('sqlx, goose, Graphile Migrate', () => {
  test('sqlx: SHA-384 checksums and success = false', async () => {
    const set = await readMigrations(join(NEW, 'migrations-sqlx', 'migrations'))
    await withDb(async (db) => {
      await db.client.query(`create table _sqlx_migrations (version bigint primary key, description text not null,
        installed_on timestamptz not null default now(), success boolean not null, checksum bytea not null,
        execution_time bigint not null)`)
      const insert =
        'insert into _sqlx_migrations (version, description, success, checksum, execution_time) values ($1, $2, $3, $4, 1)'
      await db.client.query(insert, [
        20240101000000,
        'users',
        true,
        createHash('sha384').update(set.migrations[0]!.up.sql).digest(),
      ])
      await db.client.query(insert, [
        20240101000001,
        'posts',
        false,
        createHash('sha384').update('x').digest(),
      ])
      expect(states(await migrationStatus(db.client, set))).toEqual(['applied', 'dirty', 'pending'])
    })
  })

  test('goose: the latest row of a version decides', async () => {
    await withDb(async (db) => {
      await db.client.query(`create table goose_db_version (id serial primary key, version_id bigint not null,
        is_applied boolean not null, tstamp timestamp default now())`)
      await db.client.query(
        `insert into goose_db_version (version_id, is_applied) values (0, true), (1, true), (2, true), (2, false)`,
      )
      const status = await migrationStatus(db.client, await readMigrations(join(NEW, 'migrations-goose')))
      expect(status.tool).toBe('goose')
      expect(states(status)).toEqual(['applied', 'pending', 'pending'])
    })
  })

  test('Graphile Migrate: a recorded hash that no longer matches the committed file', async () => {
    const set = await readMigrations(join(NEW, 'migrations-graphile-migrate'))
    const hashOf = (i: number) =>
      /^--! Hash: (.*)$/m.exec(readFileSync(set.migrations[i]!.up.file, 'utf8'))![1]!
    await withDb(async (db) => {
      await db.client.query(`create schema graphile_migrate;
        create table graphile_migrate.migrations (hash text primary key, previous_hash text references graphile_migrate.migrations,
          filename text not null, date timestamptz not null default now())`)
      await db.client.query(
        `insert into graphile_migrate.migrations (hash, previous_hash, filename) values ($1, null, '000001.sql'), ('sha1:0', $1, '000002.sql')`,
        [hashOf(0)],
      )
      expect(states(await migrationStatus(db.client, set))).toEqual(['applied', 'changed', 'pending'])
    })
  })
})

describe('which table', () => {
  test('auto falls back to pgtestbed’s own runner when the tool’s table is absent', async () => {
    const set = await readMigrations(join(OLD, 'dbmate'))
    await withDb(async (db) => {
      const untouched = await migrationStatus(db.client, set)
      expect(untouched).toMatchObject({ tool: 'dbmate', tableFound: false, ok: true })
      expect(states(untouched)).toEqual(['pending', 'pending', 'pending'])
      await migrate(db.client, set)
      const status = await migrationStatus(db.client, set)
      expect(status).toMatchObject({
        tool: 'pgtestbed',
        table: 'pgtestbed_migrations.applied',
        tableFound: true,
      })
      expect(states(status)).toEqual(['applied', 'applied', 'applied'])
      expect((await migrationStatus(db.client, set, { tool: 'dbmate' })).tableFound).toBe(false)
    })
  })

  test('CLI: migrations status --db URL reads the tool’s table, exit 1 when dirty', async () => {
    await withDb(async (db) => {
      await db.client.query(
        'create table schema_migrations (version bigint not null primary key, dirty boolean not null)',
      )
      await db.client.query('insert into schema_migrations values (2, true)')
      const dir = join(OLD, 'golang-migrate')
      const json = await cli('migrations', 'status', '--dir', dir, '--db', db.url, '--json')
      expect(json.code).toBe(1)
      const data = JSON.parse(json.stdout)
      expect(data).toMatchObject({
        format: 'golang-migrate',
        tool: 'golang-migrate',
        table: 'schema_migrations',
        ok: false,
      })
      expect(data.migrations.map((m: { state: string }) => m.state)).toEqual(['applied', 'dirty', 'pending'])
      const human = await cli('migrations', 'status', '--dir', dir, '--db', db.url)
      expect(human.stdout).toContain('state from schema_migrations (golang-migrate)')
      expect(human.stdout).toMatch(/dirty\s+2_posts .*dirty = true in schema_migrations/)
      const bad = await cli('migrations', 'status', '--dir', dir, '--db', db.url, '--tool', 'rails')
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('--tool rails is not known')
    })
  })
})

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
  const code = await main(argv, { stdout, stderr, cwd, env: { PGTESTBED_URL: serverUrl() } })
  return { code, stdout: stdout.text, stderr: stderr.text }
}
