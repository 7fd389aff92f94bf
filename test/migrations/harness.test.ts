/** Harness checks beyond up/down: drift, preserve, idempotent, round-trip options; format details. */

import { writeFile } from 'node:fs/promises'
import { afterAll, describe, expect, test } from 'vitest'
import { catalogProbe, readMigrations, testMigrations } from '../../src/migrations/index.js'
import { introspect, toSnapshot } from '../../src/schema/index.js'
import { scratchDatabase, serverUrl } from '../support/scratch-database.js'
import { databasesWithPrefix, migrationFolder, removeFolders } from './support.js'

const made: string[] = []
afterAll(() => removeFolders(made))

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await migrationFolder(files)
  made.push(dir)
  return dir
}

describe('harness checks', () => {
  const schemaSql = `--
-- PostgreSQL database dump
--
\\restrict aXk2bB9dUMSZx7ns1H0pR5
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.users (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL
);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
\\unrestrict aXk2bB9dUMSZx7ns1H0pR5
`

  test('drift: equal schemas pass (pg_dump \\restrict lines are not drift); a difference is listed', async () => {
    const dir = await folder({
      '001_users.sql':
        'create table users (id bigint generated always as identity primary key, email text not null);\n',
      'schema/ok.sql': schemaSql,
      'schema/stale.sql': schemaSql.replace('email text NOT NULL', 'email text NOT NULL,\n    name text'),
    })
    const set = await readMigrations(dir, { format: 'sql' })
    const ok = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'drift',
      checks: ['drift'],
      declared: `${dir}/schema/ok.sql`,
    })
    expect(ok.checks.drift).toEqual({ ok: true, failures: [] })
    const stale = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'drift',
      checks: ['drift'],
      declared: `${dir}/schema/stale.sql`,
    })
    expect(stale.checks.drift?.failures).toEqual([
      {
        migration: '001_users.sql',
        kind: 'drift',
        file: `${dir}/schema/stale.sql`,
        details: [
          'the migrated schema differs from the declared one (changes from declared to migrated):',
          'destructive: column public.users.name removed',
        ],
      },
    ])
    expect(await databasesWithPrefix('drift')).toEqual([])
  })

  test('drift against a committed snapshot file; the catalog probe works as well', async () => {
    const dir = await folder({
      '001_users.sql': 'create table users (id bigint primary key, email text not null);\n',
    })
    const set = await readMigrations(dir, { format: 'sql' })
    const db = await scratchDatabase()
    try {
      await db.client.query('create table users (id bigint primary key, email text)')
      await writeFile(`${dir}/snapshot.json`, toSnapshot(await introspect(db.client)))
    } finally {
      await db.drop()
    }
    const report = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'drift',
      checks: ['drift'],
      declared: `${dir}/snapshot.json`,
    })
    expect(report.checks.drift?.failures[0]?.details).toEqual([
      'the migrated schema differs from the declared one (changes from declared to migrated):',
      expect.stringMatching(/^breaking: column public\.users\.email: nullable/),
    ])
    const catalog = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'drift',
      checks: ['up', 'idempotent'],
      probe: catalogProbe,
    })
    expect(catalog.ok).toBe(true)
  })

  test('preserve: rows loaded at a migration must survive the later ones', async () => {
    const dir = await folder({
      '001_users.sql': 'create table users (id int primary key, full_name text);\n',
      // A lossy migration: splits the name but forgets to copy the data.
      '002_split.sql':
        'alter table users add column first_name text;\nalter table users drop column full_name;\n',
      'data/users.sql': "insert into users values (1, 'Ada Lovelace'), (2, 'Alan Turing');\n",
      'assert/names.sql': 'select id from users where first_name is null order by id;\n',
    })
    const set = await readMigrations(dir, { format: 'sql' })
    const report = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'keep',
      checks: ['preserve', 'timing'],
      preserve: {
        at: '001_users.sql',
        data: [`${dir}/data/users.sql`],
        assertions: [`${dir}/assert/names.sql`],
      },
    })
    expect(report.checks.preserve?.failures).toEqual([
      {
        migration: '002_split.sql',
        kind: 'data-lost',
        file: `${dir}/assert/names.sql`,
        line: 1,
        details: ['2 violation row(s) after migrating from 001_users.sql:', '{"id":1}', '{"id":2}'],
      },
    ])
    expect(report.checks.timing?.timingsWithData?.map((t) => t.migration)).toEqual(['002_split.sql'])
  })

  test('preserve with a fixture tier (pgtestbed/fixtures) loaded at a migration, timed with the data', async () => {
    const dir = await folder({
      'migrations/001_users.sql': 'create table users (id int primary key, email text not null);\n',
      'migrations/002_lower.sql':
        'update users set email = lower(email);\ncreate unique index users_email on users (email);\n',
      'fixtures/versions/v1.0.0/schema.sql':
        'create table users (id int primary key, email text not null);\n',
      'fixtures/versions/v1.0.0/minimal/users.csv': 'id,email\n1,Ada@Example.com\n2,ada@example.com\n',
      'fixtures/current': 'v1.0.0\n',
      'assert/emails.sql': 'select email from users group by email having count(*) > 1;\n',
    })
    const set = await readMigrations(`${dir}/migrations`)
    const report = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'tier',
      checks: ['preserve', 'timing'],
      preserve: {
        at: '001_users.sql',
        fixtures: { dir: `${dir}/fixtures`, tier: 'minimal' },
        assertions: [`${dir}/assert/emails.sql`],
      },
    })
    // Lower-casing makes the two rows collide: the unique index fails on the tier's data.
    expect(report.checks.preserve?.failures[0]).toMatchObject({
      migration: '002_lower.sql',
      kind: 'up-failed',
      file: `${dir}/migrations/002_lower.sql`,
      line: 2,
    })
    expect(report.checks.preserve?.failures[0]?.details).toContain(
      'could not create unique index "users_email"',
    )
  })

  test('idempotent: re-running each up flags migrations that are not re-runnable', async () => {
    const dir = await folder({
      '001_a.sql': 'create table if not exists a (id int);\n',
      '002_b.sql': 'create table b (id int);\n',
    })
    const set = await readMigrations(dir)
    const report = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'idem',
      checks: ['idempotent'],
      rerunEach: true,
    })
    expect(report.checks.idempotent?.failures).toEqual([
      expect.objectContaining({
        migration: '002_b.sql',
        kind: 'not-idempotent',
        file: `${dir}/002_b.sql`,
        line: 1,
      }),
    ])
  })
})

describe('format details', () => {
  test('flyway repeatables apply after versioned ones; sqitch reworked changes use name@tag', async () => {
    const flyway = await folder({
      'V2__b.sql': '',
      'V1_1__a.sql': '',
      'V10__c.sql': '',
      'R__views.sql': '',
      'R__a.sql': '',
    })
    const set = await readMigrations(flyway)
    expect(set.migrations.map((m) => m.name)).toEqual([
      'V1_1__a.sql',
      'V2__b.sql',
      'V10__c.sql',
      'R__a.sql',
      'R__views.sql',
    ])
    expect(set.migrations.map((m) => m.repeatable === true)).toEqual([false, false, false, true, true])

    const sqitch = await folder({
      'sqitch.plan':
        'f 2024-01-01T00:00:00Z A <a@b.c>\n@v1 2024-01-02T00:00:00Z A <a@b.c>\nf [f@v1] 2024-01-03T00:00:00Z A <a@b.c> # reworked\n',
      'deploy/f@v1.sql': 'select 1;',
      'deploy/f.sql': 'select 2;',
    })
    const reworked = await readMigrations(sqitch)
    expect(reworked.migrations.map((m) => [m.id, m.up.sql])).toEqual([
      ['f@v1', 'select 1;'],
      ['f', 'select 2;'],
    ])
  })

  test('dbmate sections keep their line numbers', async () => {
    const dir = await folder({
      '20240101_a.sql': '-- migrate:up\n\ncreate table a ();\n\n-- migrate:down\ndrop table a;\n',
    })
    const [m] = (await readMigrations(dir)).migrations
    expect(m?.up.line).toBe(2)
    expect(m?.down?.line).toBe(6)
  })
})

describe('roundtrip options', () => {
  test('verifyReapply also compares the schema after the second up', async () => {
    const dir = await folder({
      '1_counter.up.sql': 'create table counter (n int);\n',
      '1_counter.down.sql': 'drop table counter;\n',
      // Data left by the first up (downs undo schema, not rows) changes what the second up builds.
      '2_odd.up.sql':
        'do $$ begin if exists (select 1 from counter) then create table second_time (); end if; end $$;\ninsert into counter values (1);\ncreate table marker ();\n',
      '2_odd.down.sql': 'drop table marker;\n',
    })
    const set = await readMigrations(dir)
    const quick = await testMigrations(set, { server: serverUrl(), prefix: 'rtopt', checks: ['roundtrip'] })
    expect(quick.checks.roundtrip?.ok).toBe(true)
    expect(quick.checks.roundtrip?.timings?.map((t) => t.migration)).toEqual(['1_counter', '2_odd'])
    const strict = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'rtopt',
      checks: ['roundtrip'],
      verifyReapply: true,
    })
    expect(strict.checks.roundtrip?.failures).toEqual([
      {
        migration: '2_odd',
        kind: 'roundtrip-mismatch',
        file: `${dir}/2_odd.up.sql`,
        details: [
          '2_odd applied after its down gives a different schema than the first time:',
          'additive: table public.second_time added',
        ],
      },
    ])
  })
})
