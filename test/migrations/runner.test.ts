/** The runner: hooks, placeholders, a state table that makes re-runs no-ops, and status. */

import { rm, writeFile } from 'node:fs/promises'
import { afterAll, describe, expect, test } from 'vitest'
import { applyScript, migrate, migrationStatus, readMigrations } from '../../src/migrations/index.js'
import { scratchDatabase } from '../support/scratch-database.js'
import { migrationFolder, removeFolders } from './support.js'

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
        tool: 'pgtestbed',
        table: 'pgtestbed_migrations.applied',
        tableFound: true,
        rows: [
          {
            id: '001_a',
            name: '001_a.sql',
            state: 'changed',
            note: expect.stringMatching(/^checksum \S+ recorded, \S+ now$/),
          },
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
