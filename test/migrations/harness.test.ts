/** Hooks, the runner and the harness checks beyond up/down: drift, preserve, idempotent. */

import { rm, writeFile } from 'node:fs/promises'
import { afterAll, describe, expect, test } from 'vitest'
import {
  applyScript,
  catalogProbe,
  migrate,
  migrationStatus,
  readMigrations,
  testMigrations,
} from '../../src/migrations/index.js'
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

describe('hooks', () => {
  test('setup runs once, before-each runs in the same transaction, placeholders are substituted', async () => {
    const dir = await folder({
      // The trigger refuses writes unless the session holds advisory lock 42 (a real project's guard).
      '001_guard.sql': `create table audit (id int, owner text default '\${owner}');
create function guard() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from pg_locks where locktype = 'advisory' and objid = 42 and pid = pg_backend_pid()) then
    raise exception 'take advisory lock 42 first';
  end if;
  return new;
end $$;
create trigger audit_guard before insert on audit for each row execute function guard();
`,
      '002_write.sql': `insert into audit (id) values (1);\ninsert into setup_log values ('\${owner}');\n`,
    })
    const set = await readMigrations(dir)
    const db = await scratchDatabase()
    try {
      await db.client.query('create table setup_log (who text)')
      const hooks = {
        setup: "insert into setup_log values ('setup')",
        beforeEach: 'select pg_advisory_xact_lock(42)',
        placeholders: { owner: 'app_owner' },
      }
      const result = await migrate(db.client, set, hooks)
      expect(result.steps.map((s) => s.name)).toEqual(['001_guard.sql', '002_write.sql'])
      const { rows } = await db.client.query('select who from setup_log order by who')
      expect(rows).toEqual([{ who: 'app_owner' }, { who: 'setup' }])
      const audit = await db.client.query('select id, owner from audit')
      expect(audit.rows).toEqual([{ id: 1, owner: 'app_owner' }])
      // Without the before-each hook the guard trips, and the error names the file and line.
      await db.client.query('delete from pgtestbed_migrations.applied where id = $1', ['002_write'])
      const err = await migrate(db.client, set, { placeholders: { owner: 'x' } }).catch((e: unknown) => e)
      expect((err as Error).message).toContain(
        `${dir}/002_write.sql:1: take advisory lock 42 first (SQLSTATE P0001)`,
      )
    } finally {
      await db.drop()
    }
  })

  test('unknown placeholder names and dollar quotes are left alone', async () => {
    const dir = await folder({
      '001.sql': `create function f() returns text language sql as $$ select '\${other}' $$;\n`,
    })
    const db = await scratchDatabase()
    try {
      const [m] = (await readMigrations(dir)).migrations
      await applyScript(db.client, m!, 'up', { placeholders: { owner: 'x' } })
      expect((await db.client.query('select f() as v')).rows).toEqual([{ v: `\${other}` }])
    } finally {
      await db.drop()
    }
  })
})

describe('runner', () => {
  test('a second run is a no-op; down reverts to a named migration', async () => {
    const set = await readMigrations(`${import.meta.dirname}/fixtures/golang-migrate`)
    const db = await scratchDatabase()
    try {
      expect((await migrate(db.client, set)).steps).toHaveLength(3)
      expect((await migrate(db.client, set)).steps).toEqual([])
      const down = await migrate(db.client, set, { direction: 'down', to: '1_users' })
      expect(down.steps.map((s) => `${s.direction} ${s.name}`)).toEqual([
        'down 3_email_index',
        'down 2_posts',
      ])
      const { rows } = await db.client.query(
        "select to_regclass('posts') as posts, to_regclass('users') as users",
      )
      expect(rows).toEqual([{ posts: null, users: 'users' }])
    } finally {
      await db.drop()
    }
  })
})

describe('status', () => {
  test('applied, pending, changed, out of order and missing migrations', async () => {
    const dir = await folder({
      '001_a.sql': 'create table a (id int);\n',
      '003_c.sql': 'create table c (id int);\n',
      '004_d.sql': 'create table d (id int);\n',
    })
    const db = await scratchDatabase()
    try {
      await migrate(db.client, await readMigrations(dir))
      expect((await migrationStatus(db.client, await readMigrations(dir))).ok).toBe(true)
      await writeFile(`${dir}/001_a.sql`, 'create table a (id bigint);\n')
      await writeFile(`${dir}/002_b.sql`, 'create table b (id int);\n')
      await writeFile(`${dir}/005_e.sql`, 'create table e (id int);\n')
      await rm(`${dir}/004_d.sql`)
      const status = await migrationStatus(db.client, await readMigrations(dir))
      expect(status).toEqual({
        kind: 'migration-status',
        ok: false,
        rows: [
          { id: '001_a', name: '001_a.sql', state: 'changed' },
          { id: '002_b', name: '002_b.sql', state: 'out-of-order' },
          { id: '003_c', name: '003_c.sql', state: 'applied' },
          { id: '005_e', name: '005_e.sql', state: 'pending' },
        ],
        missing: ['004_d'],
      })
    } finally {
      await db.drop()
    }
  })
})

describe('runner without state', () => {
  test('record: false applies every up and leaves no state table (for template databases)', async () => {
    const set = await readMigrations(`${import.meta.dirname}/fixtures/diesel`)
    const db = await scratchDatabase()
    try {
      const result = await migrate(db.client, set, { record: false })
      expect(result.steps).toHaveLength(3)
      const { rows } = await db.client.query(
        "select to_regnamespace('pgtestbed_migrations') as state, to_regclass('users_email_key') as idx",
      )
      expect(rows).toEqual([{ state: null, idx: 'users_email_key' }])
    } finally {
      await db.drop()
    }
  })
})

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
