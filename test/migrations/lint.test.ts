/** The linter: every rule fires on its dangerous statement and stays quiet on the safe form. */
import { afterAll, describe, expect, test } from 'vitest'
import { lintFiles, lintMigrations, listRules, readMigrations } from '../../src/migrations/index.js'
import { migrationFolder, removeFolders } from './support.js'

const made: string[] = []
afterAll(() => removeFolders(made))

/** Rule ids the linter reports for one SQL file (in a transaction unless marked otherwise). */
async function rulesFor(sql: string): Promise<string[]> {
  const dir = await migrationFolder({ 'm.sql': sql })
  made.push(dir)
  const report = await lintFiles([`${dir}/m.sql`], { disable: ['require-lock-timeout'] })
  return report.findings.map((f) => f.rule)
}

const LONG = 'x'.repeat(64)

// [rule, dangerous SQL, safe SQL]
const CASES: readonly [string, string, string][] = [
  [
    'require-concurrent-index-creation',
    'create index i on users (email);',
    '-- pgtestbed:no-transaction\ncreate index concurrently i on users (email);',
  ],
  [
    'require-concurrent-index-deletion',
    'drop index i;',
    '-- pgtestbed:no-transaction\ndrop index concurrently i;',
  ],
  [
    'concurrently-in-transaction',
    'create index concurrently i on users (email);',
    '-- pgtestbed:no-transaction\ncreate index concurrently i on users (email);',
  ],
  [
    'constraint-missing-not-valid',
    'alter table posts add constraint fk foreign key (user_id) references users (id);',
    'alter table posts add constraint fk foreign key (user_id) references users (id) not valid;',
  ],
  [
    'set-not-null-scan',
    'alter table users alter column email set not null;',
    'alter table users add constraint c check (email is not null) not valid;',
  ],
  [
    'adding-required-field',
    'alter table users add column tenant bigint not null;',
    'alter table users add column tenant bigint not null default 0;',
  ],
  [
    'adding-field-with-volatile-default',
    'alter table users add column token uuid default gen_random_uuid();',
    'alter table users add column token uuid;',
  ],
  [
    'changing-column-type',
    'alter table users alter column id type bigint;',
    'alter table users alter column name type text;',
  ],
  [
    'disallowed-unique-constraint',
    'alter table users add constraint u unique (email);',
    'alter table users add constraint u unique using index users_email_idx;',
  ],
  ['ban-drop-table', 'drop table users;', 'create table t (id int);\ndrop table t;'],
  ['ban-drop-column', 'alter table users drop column legacy;', 'alter table users add column legacy text;'],
  [
    'renaming-column',
    'alter table users rename column name to full_name;',
    'alter table users add column full_name text;',
  ],
  ['renaming-table', 'alter table users rename to accounts;', 'create view accounts as select 1;'],
  ['ban-truncate-cascade', 'truncate users cascade;', 'truncate users;'],
  ['ban-drop-database', 'drop database app;', 'select 1;'],
  ['transaction-nesting', 'begin;\ncreate table t (id int);\ncommit;', 'create table t (id int);'],
  [
    'require-concurrent-reindex',
    'reindex index users_email;',
    '-- pgtestbed:no-transaction\nreindex index concurrently users_email;',
  ],
  [
    'require-concurrent-partition-detach',
    'alter table events detach partition events_2020;',
    '-- pgtestbed:no-transaction\nalter table events detach partition events_2020 concurrently;',
  ],
  ['prefer-repack', 'vacuum full users;', 'vacuum users;'],
  ['prefer-timestamptz', 'create table e (at timestamp);', 'create table e (at timestamptz);'],
  [
    'prefer-identity',
    'create table t (id serial primary key);',
    'create table t (id bigint generated always as identity primary key);',
  ],
  ['prefer-jsonb', 'create table t (payload json);', 'create table t (payload jsonb);'],
  ['identifier-too-long', `create table ${LONG} (id int);`, 'create table short_name (id int);'],
]

describe('rules', () => {
  test('there are at least 15 rules, each with a summary', () => {
    const rules = listRules()
    expect(rules.length).toBeGreaterThanOrEqual(15)
    expect(rules.every((r) => r.summary.length > 0)).toBe(true)
  })

  test.each(CASES)('%s fires on the dangerous form only', async (rule, dangerous, safe) => {
    expect(await rulesFor(dangerous)).toContain(rule)
    expect(await rulesFor(safe)).not.toContain(rule)
  })

  test('require-lock-timeout: once per script, satisfied by SET lock_timeout', async () => {
    const dir = await migrationFolder({
      'a.sql': 'alter table users add column a text;\nalter table users add column b text;\n',
      'b.sql': "set lock_timeout = '5s';\nalter table users add column a text;\n",
    })
    made.push(dir)
    const report = await lintFiles([`${dir}/a.sql`, `${dir}/b.sql`])
    expect(report.findings.map((f) => `${f.rule} ${f.file.slice(dir.length)}:${f.line}`)).toEqual([
      'require-lock-timeout /a.sql:1',
    ])
  })
})

describe('context', () => {
  test('no false alarm for an index, constraint or NOT NULL column on a table created in the same migration', async () => {
    const sql = `create table orders (id bigint generated always as identity primary key, user_id bigint);
create index orders_user_idx on orders (user_id);
alter table orders add constraint orders_user_fk foreign key (user_id) references users (id);
alter table orders add column total numeric not null;
`
    expect(await rulesFor(sql)).toEqual([])
  })

  test('findings carry file, line, why and the safe rewrite; suppression comments work', async () => {
    const dir = await migrationFolder({
      '001_x.sql': `-- a migration
create table t (id int);

create index users_email on users (email);
-- pgtestbed-lint-disable ban-drop-column
alter table users drop column legacy;
alter table users
  drop column other;
`,
    })
    made.push(dir)
    const report = await lintFiles([`${dir}/001_x.sql`], { disable: ['require-lock-timeout'] })
    expect(report.ok).toBe(false)
    expect(report.findings).toEqual([
      {
        kind: 'lint-finding',
        rule: 'require-concurrent-index-creation',
        severity: 'error',
        file: `${dir}/001_x.sql`,
        line: 4,
        message:
          'CREATE INDEX on existing table "users" takes a SHARE lock: writes to it block until the index is built.',
        fix: 'Use CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction.',
        statement: 'create index users_email on users (email)',
      },
      expect.objectContaining({ rule: 'ban-drop-column', line: 7, statement: 'alter table users' }),
    ])
  })

  test('the runner transaction mode of each format is honoured (dbmate transaction:false)', async () => {
    const set = await readMigrations(`${import.meta.dirname}/fixtures/dbmate`)
    const report = await lintMigrations(set, { disable: ['require-lock-timeout'] })
    // The concurrent index runs with transaction:false: no concurrently-in-transaction finding.
    expect(report.findings.map((f) => f.rule)).toEqual([])
    const sqlSet = await readMigrations(`${import.meta.dirname}/fixtures/prisma`)
    const prisma = await lintMigrations(sqlSet, { disable: ['require-lock-timeout'] })
    expect(prisma.findings.map((f) => `${f.rule}:${f.line}`)).toEqual(['require-concurrent-index-creation:1'])
  })

  test('unparseable SQL is a finding with file and line', async () => {
    const dir = await migrationFolder({ 'bad.sql': 'select 1;\n\ncreate tabel t (id int);\n' })
    made.push(dir)
    const report = await lintFiles([`${dir}/bad.sql`])
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'syntax-error',
        line: 3,
        file: `${dir}/bad.sql`,
        message: expect.stringContaining('syntax error at or near "tabel"'),
      }),
    ])
  })

  test('--pg-version: version-dependent rules', async () => {
    const dir = await migrationFolder({
      'm.sql':
        "alter table users add column plan text default 'free';\nreindex index users_email;\nalter table events detach partition e2020;\n",
    })
    made.push(dir)
    const rules = async (pgVersion: number) =>
      (await lintFiles([`${dir}/m.sql`], { pgVersion, disable: ['require-lock-timeout'] })).findings.map(
        (f) => `${f.line} ${f.rule}`,
      )
    expect(await rules(17)).toEqual(['2 require-concurrent-reindex', '3 require-concurrent-partition-detach'])
    expect(await rules(10)).toEqual(['1 adding-field-with-volatile-default'])
  })

  test('placeholders are substituted before parsing', async () => {
    const dir = await migrationFolder({ 'grant.sql': `grant select on users to \${role};\n` })
    made.push(dir)
    expect((await lintFiles([`${dir}/grant.sql`])).findings.map((f) => f.rule)).toEqual(['syntax-error'])
    expect((await lintFiles([`${dir}/grant.sql`], { placeholders: { role: 'app' } })).ok).toBe(true)
  })

  test('missing-down in a format with downs', async () => {
    const dir = await migrationFolder({
      '1_a.up.sql': 'create table a (id int);',
      '1_a.down.sql': 'drop table a;',
      '2_b.up.sql': 'create table b (id int);',
    })
    made.push(dir)
    const report = await lintMigrations(await readMigrations(dir))
    expect(report.findings.map((f) => `${f.rule} ${f.file.slice(dir.length)}`)).toEqual([
      'missing-down /2_b.up.sql',
    ])
  })
})
