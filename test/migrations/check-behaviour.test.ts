/**
 * Migration check behaviour on sets written for it: keep-going round trips, irreversible
 * migrations that have a down, definition diffs, frozen literals, ignored kinds, and
 * multi-statement preserve assertions.
 */
import { afterAll, describe, expect, test } from 'vitest'
import { readMigrations, testMigrations } from '../../src/migrations/index.js'
import { serverUrl } from '../support/scratch-database.js'
import { databasesWithPrefix, migrationFolder, removeFolders } from './support.js'

const made: string[] = []
afterAll(() => removeFolders(made))

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await migrationFolder(files)
  made.push(dir)
  return dir
}

// golang-migrate layout: two broken downs mid-history (one leaves a column behind, one fails),
// with healthy migrations around them.
const BROKEN_HISTORY = {
  '1_a.up.sql': 'create table a (id int primary key);\n',
  '1_a.down.sql': 'drop table a;\n',
  '2_b.up.sql': 'alter table a add column note text;\n',
  '2_b.down.sql': '-- forgot to drop the column\nselect 1;\n',
  '3_c.up.sql': 'create table c (id int primary key, a_id int references a);\n',
  '3_c.down.sql': 'drop table c;\n',
  '4_d.up.sql': 'create index c_a on c (a_id);\n',
  '4_d.down.sql': '\ndrop index c_a_wrong_name;\n',
  '5_e.up.sql': 'create table e (id int);\n',
  '5_e.down.sql': 'drop table e;\n',
}

describe('keep-going', () => {
  test('without it the round trip stops at the first broken down; with it every one is reported', async () => {
    const dir = await folder(BROKEN_HISTORY)
    const set = await readMigrations(dir)
    const first = await testMigrations(set, { server: serverUrl(), prefix: 'kgo', checks: ['roundtrip'] })
    expect(first.checks.roundtrip?.failures.map((f) => [f.migration, f.kind])).toEqual([
      ['2_b', 'roundtrip-mismatch'],
    ])
    const all = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'kgo',
      checks: ['roundtrip'],
      keepGoing: true,
    })
    expect(all.checks.roundtrip?.failures).toEqual([
      {
        migration: '2_b',
        kind: 'roundtrip-mismatch',
        file: `${dir}/2_b.down.sql`,
        line: 1,
        details: ['the down of 2_b does not undo its up:', 'the down left behind column public.a.note'],
      },
      expect.objectContaining({
        migration: '4_d',
        kind: 'down-failed',
        file: `${dir}/4_d.down.sql`,
        line: 2,
      }),
    ])
    // The healthy steps after each failure were still round-tripped.
    expect(all.checks.roundtrip?.timings?.map((t) => t.migration)).toEqual(['1_a', '3_c', '5_e'])
    expect(await databasesWithPrefix('kgo')).toEqual([])
  })

  test('a failing up ends a keep-going run, with a note saying why', async () => {
    const dir = await folder({
      ...BROKEN_HISTORY,
      '3_c.up.sql': 'create table c (id int primary key, a_id int references missing_table);\n',
    })
    const report = await testMigrations(await readMigrations(dir), {
      server: serverUrl(),
      prefix: 'kgo',
      checks: ['roundtrip'],
      keepGoing: true,
    })
    expect(report.checks.roundtrip?.failures.map((f) => [f.migration, f.kind])).toEqual([
      ['2_b', 'roundtrip-mismatch'],
      ['3_c', 'up-failed'],
    ])
    expect(report.checks.roundtrip?.notes).toEqual([
      'stopped at 3_c: its up failed, and later migrations build on it',
    ])
  })

  test('a non-transactional down that half-ran is resumed from a rebuilt database', async () => {
    const dir = await folder({
      'migrations/20240101000000_a.sql':
        '-- migrate:up transaction:false\ncreate table a (id int);\ncreate table a2 (id int);\n' +
        '-- migrate:down transaction:false\ndrop table a2;\ndrop table nope;\n',
      'migrations/20240102000000_b.sql':
        '-- migrate:up\ncreate table b (id int);\n-- migrate:down\ndrop table b;\n',
    })
    const report = await testMigrations(await readMigrations(`${dir}/migrations`), {
      server: serverUrl(),
      prefix: 'kgo',
      checks: ['roundtrip'],
      keepGoing: true,
      ignore: ['public.schema_migrations'],
    })
    expect(report.checks.roundtrip?.failures.map((f) => [f.migration, f.kind, f.line])).toEqual([
      ['20240101000000_a.sql', 'down-failed', 6],
    ])
    expect(report.checks.roundtrip?.timings?.map((t) => t.migration)).toEqual(['20240102000000_b.sql'])
  })
})

describe('--irreversible with a down script', () => {
  test('the round trip skips it and the down chain stops there', async () => {
    const dir = await folder({
      '1_a.up.sql': 'create table a (id int);\n',
      '1_a.down.sql': 'drop table a;\n',
      '2_b.up.sql': 'alter table a add column legacy text;\nalter table a drop column legacy;\n',
      '2_b.down.sql': "select 'cannot bring the dropped data back';\nselect nonsense_column from a;\n",
      '3_c.up.sql': 'create table c (id int);\n',
      '3_c.down.sql': 'drop table c;\n',
    })
    const set = await readMigrations(dir)
    const unmarked = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'irr',
      checks: ['down', 'roundtrip'],
    })
    expect(unmarked.checks.roundtrip?.failures[0]).toMatchObject({ migration: '2_b', kind: 'down-failed' })
    expect(unmarked.checks.down?.failures[0]).toMatchObject({ migration: '2_b', kind: 'down-failed' })
    const marked = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'irr',
      checks: ['down', 'roundtrip'],
      irreversible: ['2_b'],
    })
    expect(marked.checks.roundtrip).toMatchObject({
      ok: true,
      failures: [],
      skipped: 'declared irreversible, not round-tripped: 2_b',
    })
    expect(marked.checks.down).toEqual({ ok: true, failures: [] })
  })
})

describe('definition diffs', () => {
  test('a view the down did not restore shows the changed lines, worded for the round trip', async () => {
    const dir = await folder({
      '1_v.up.sql':
        'create table orders (id int, status text, total numeric);\n' +
        "create view open_orders as select id, status, total from orders where status = 'open' and total > 0 order by id;\n",
      '1_v.down.sql': 'drop view open_orders;\ndrop table orders;\n',
      '2_v.up.sql':
        "create or replace view open_orders as select id, status, total from orders where status = 'open' and total > 10 order by id;\n",
      '2_v.down.sql':
        "create or replace view open_orders as select id, status, total from orders where status = 'open' and total > 1 order by id;\n",
    })
    const report = await testMigrations(await readMigrations(dir), {
      server: serverUrl(),
      prefix: 'vdiff',
      checks: ['roundtrip'],
    })
    expect(report.checks.roundtrip?.failures[0]?.details).toEqual([
      'the down of 2_v does not undo its up:',
      'the down did not restore the definition of view public.open_orders (- before the up, + after the down):',
      '    @@ line 3 @@',
      '          total',
      '         FROM orders',
      "    -   WHERE status = 'open'::text AND total > 0::numeric",
      "    +   WHERE status = 'open'::text AND total > 1::numeric",
      '        ORDER BY id;',
    ])
  })

  test('a function body and a check constraint show where they differ', async () => {
    const dir = await folder({
      '1_f.up.sql':
        'create table p (price int constraint price_positive check (price > 0 and price < 1000000));\n' +
        "create function grade(n int) returns text language plpgsql as $$\nbegin\n  if n > 90 then\n    return 'a';\n  end if;\n  return 'b';\nend\n$$;\n",
      '1_f.down.sql': 'drop function grade(int);\ndrop table p;\n',
      '2_f.up.sql':
        'alter table p drop constraint price_positive, add constraint price_positive check (price > 0 and price < 5000000);\n' +
        "create or replace function grade(n int) returns text language plpgsql as $$\nbegin\n  if n > 80 then\n    return 'a';\n  end if;\n  return 'b';\nend\n$$;\n",
      '2_f.down.sql': '-- restores nothing\nselect 1;\n',
    })
    const report = await testMigrations(await readMigrations(dir), {
      server: serverUrl(),
      prefix: 'fdiff',
      checks: ['roundtrip'],
    })
    expect(report.checks.roundtrip?.failures[0]?.details).toEqual([
      'the down of 2_f does not undo its up:',
      'the down did not restore the expression of check public.p.price_positive (- before the up, + after the down):',
      '    - price > 0 AND price < 1000000',
      '    + price > 0 AND price < 5000000',
      '                            ^',
      'the down did not restore the body of function public.grade(n integer) (- before the up, + after the down):',
      '    @@ line 1 @@',
      '      ',
      '      begin',
      '    -   if n > 90 then',
      '    +   if n > 80 then',
      "          return 'a';",
      '        end if;',
    ])
  })

  test('drift keeps risk classes and shows the view definition as a diff', async () => {
    const dir = await folder({
      '001_v.sql': 'create table t (a int, b int);\ncreate view v as select a, b from t where a > 1;\n',
      'declared/schema.sql':
        'create table t (a int, b int);\ncreate view v as select a, b from t where a > 2;\n',
    })
    const report = await testMigrations(await readMigrations(dir, { format: 'sql' }), {
      server: serverUrl(),
      prefix: 'vdiff',
      checks: ['drift'],
      declared: `${dir}/declared/schema.sql`,
    })
    expect(report.checks.drift?.failures[0]?.details).toEqual([
      'the migrated schema differs from the declared one (changes from declared to migrated):',
      'breaking: view public.v: definition changed:',
      '    @@ line 2 @@',
      '          b',
      '         FROM t',
      '    -   WHERE a > 2;',
      '    +   WHERE a > 1;',
    ])
  })
})

describe('false alarms', () => {
  const frozen = {
    '1_v.up.sql':
      "create table events (id int, at timestamp default 'now');\n" +
      "create view recent as select id from events where at > 'now'::timestamp - interval '1 day';\n",
    '1_v.down.sql': 'drop view recent;\ndrop table events;\n',
    '2_x.up.sql': 'create table x (id int);\n',
    '2_x.down.sql': 'drop table x;\n',
  }

  test("'now' literals frozen at creation are not differences; the report hints at now()", async () => {
    const dir = await folder(frozen)
    const report = await testMigrations(await readMigrations(dir), {
      server: serverUrl(),
      prefix: 'frozen',
      checks: ['roundtrip', 'down'],
      // compare with the full probe at every step, so the frozen literal is seen by it too
      quickProbe: false,
    })
    expect(report.ok).toBe(true)
    expect(report.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^view public\.recent: differs only in a timestamp literal .*now\(\)/),
        expect.stringMatching(/^column public\.events\.at: differs only in a timestamp literal/),
      ]),
    )
    // The literal really was frozen: a different date literal still counts.
    const changed = await folder({
      ...frozen,
      '2_x.up.sql':
        "create or replace view recent as select id from events where at > '2001-01-01'::timestamp;\n",
      '2_x.down.sql':
        "create or replace view recent as select id from events where at > '2002-01-01'::timestamp;\n",
    })
    const failing = await testMigrations(await readMigrations(changed), {
      server: serverUrl(),
      prefix: 'frozen',
      checks: ['roundtrip'],
    })
    expect(failing.checks.roundtrip?.failures[0]).toMatchObject({
      migration: '2_x',
      kind: 'roundtrip-mismatch',
    })
  })

  test('ignoreKinds leaves whole kinds out of the comparison', async () => {
    const dir = await folder({
      '1_a.up.sql': 'create table a (id int);\ncreate view av as select id from a;\n',
      '1_a.down.sql': 'drop view av;\ndrop table a;\n',
      '2_b.up.sql': 'create or replace view av as select id, 1 as one from a;\n',
      '2_b.down.sql': 'drop view av;\ncreate view av as select id from a where id > 0;\n',
    })
    const set = await readMigrations(dir)
    const strict = await testMigrations(set, { server: serverUrl(), prefix: 'kinds', checks: ['roundtrip'] })
    expect(strict.checks.roundtrip?.failures[0]?.details).toEqual([
      'the down of 2_b does not undo its up:',
      'the down did not restore the definition of view public.av (- before the up, + after the down):',
      '    @@ line 1 @@',
      '       SELECT id',
      '    -    FROM a;',
      '    +    FROM a',
      '    +   WHERE id > 0;',
    ])
    const relaxed = await testMigrations(set, {
      server: serverUrl(),
      prefix: 'kinds',
      checks: ['roundtrip'],
      ignoreKinds: ['view'],
    })
    expect(relaxed.checks.roundtrip).toMatchObject({ ok: true, failures: [] })
  })
})

describe('--preserve-assert with several statements', () => {
  const migrations = {
    '001_users.sql': 'create table users (id int primary key, name text);\n',
    '002_drop.sql': 'update users set name = null where id = 2;\n',
    'data/seed.sql': "insert into users values (1, 'ann'), (2, 'bob');\n",
  }

  test('each statement runs; violations and failures name their line', async () => {
    const dir = await folder({
      ...migrations,
      'assert/names.sql':
        '-- every user keeps a name\nselect id from users where name is null;\n\nselect count(*) from users having count(*) <> 2;\n',
      'assert/broken.sql': 'select 1 where false;\nselect id\n  from users where name + 1 > 0;\n',
      'assert/gone.sql': 'select id from users where nickname is null;\n',
    })
    const report = await testMigrations(await readMigrations(dir, { format: 'sql' }), {
      server: serverUrl(),
      prefix: 'passert',
      checks: ['preserve'],
      preserve: {
        at: '001_users.sql',
        data: [`${dir}/data/seed.sql`],
        assertions: [`${dir}/assert/names.sql`, `${dir}/assert/broken.sql`, `${dir}/assert/gone.sql`],
      },
    })
    expect(report.checks.preserve?.failures).toEqual([
      {
        migration: '002_drop.sql',
        kind: 'data-lost',
        file: `${dir}/assert/names.sql`,
        line: 2,
        details: ['1 violation row(s) after migrating from 001_users.sql:', '{"id":2}'],
      },
      {
        migration: '002_drop.sql',
        kind: 'assert-failed',
        file: `${dir}/assert/broken.sql`,
        line: 3,
        column: 25,
        details: expect.stringMatching(
          /^the assertion failed to run: operator does not exist: text \+ integer/,
        ),
      },
      {
        migration: '002_drop.sql',
        kind: 'data-lost',
        file: `${dir}/assert/gone.sql`,
        line: 1,
        column: 28,
        details: expect.stringMatching(
          /^what the assertion reads is gone after migrating from 001_users.sql: column "nickname" does not exist/,
        ),
      },
    ])
  })
})
