import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { serverUrl } from '../support/scratch-database.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgt-iso-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => {
    out += d
  })
  stderr.on('data', (d) => {
    err += d
  })
  const code = await main(argv, {
    stdout,
    stderr,
    cwd: dir,
    env: { PGTESTBED_URL: serverUrl(), PATH: process.env['PATH'] },
  })
  return { code, out, err }
}

const DOUBLE_BOOKING = `
- name: double booking
  setup:
    - create table bookings (room int, night date)
  teardown: drop table bookings
  steps:
    - { session: A, sql: "begin isolation level {{isolation}}" }
    - { session: B, sql: "begin isolation level {{isolation}}" }
    - { session: A, sql: "select count(*)::int from bookings where room = 1", expect: { rows: [[0]] } }
    - { session: B, sql: "select count(*)::int from bookings where room = 1" }
    - { session: A, sql: "insert into bookings values (1, '2026-12-24')" }
    - { session: B, sql: "insert into bookings values (1, '2026-12-24')" }
    - { session: A, sql: commit, expect: { tags: [COMMIT] } }
    - { session: B, sql: commit }
  final: select count(*)::int from bookings
  expect: { final: [[1]] }
  anomalyIf: { committed: [A, B] }
  documented: { read committed: anomaly, serializable: prevented }
`

describe('pgtestbed isolation', () => {
  test('check --json prints the table per level, as documented (exit 0)', async () => {
    await writeFile(join(dir, 'booking.yaml'), DOUBLE_BOOKING)
    const { code, out, err } = await cli([
      'isolation',
      'check',
      '--levels',
      'rc,serializable',
      '--dir',
      '.',
      '--json',
      '--quiet',
    ])
    expect(err).toBe('')
    expect(code).toBe(0)
    const data = JSON.parse(out)
    expect(data.levels).toEqual(['read committed', 'serializable'])
    expect(data.asDocumented).toBe(true)
    const byId = Object.fromEntries(data.anomalies.map((a: { id: string }) => [a.id, a]))
    expect(byId['G2-item'].results['read committed'].outcome).toBe('anomaly')
    expect(byId['G2-item'].results.serializable.outcome).toBe('prevented')
    expect(byId['double booking'].results['read committed'].outcome).toBe('anomaly')
    expect(byId['double booking'].results.serializable).toMatchObject({
      outcome: 'prevented',
      how: 'serialization failure (40001)',
    })
    // The scratch database is gone afterwards.
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    const left = await admin.query("select datname from pg_database where datname like '%\\_iso\\_%'")
    await admin.end()
    expect(left.rows).toEqual([])
  })

  test('check prints a human table', async () => {
    const { code, out } = await cli(['isolation', 'check', '--levels', 'rr'])
    expect(code).toBe(0)
    expect(out).toMatch(/anomaly\s+repeatable read/)
    expect(out).toMatch(/G2-item\s+ANOMALY/)
    expect(out).toMatch(/P4\s+prevented: 40001/)
    expect(out).toMatch(/G1a\s+prevented: snapshot/)
    expect(out).toMatch(/Every result matches what PostgreSQL documents/)
  })

  test('check exits 1 and marks the cell when the server does not do what a scenario documents', async () => {
    const sub = join(dir, 'wrong')
    await mkdir(sub, { recursive: true })
    await writeFile(
      join(sub, 'wrong.yaml'),
      DOUBLE_BOOKING.replace('serializable: prevented', 'serializable: anomaly').replace(
        'double booking',
        'claims too much',
      ),
    )
    const { code, out } = await cli(['isolation', 'check', '--levels', 'ser', '--dir', 'wrong'])
    expect(code).toBe(1)
    expect(out).toMatch(/claims too much\s+prevented: 40001 \(!\)/)
    expect(out).toMatch(
      /\(!\) differs from what PostgreSQL documents:\n {2}claims too much at serializable: documented anomaly, server showed prevented \(serialization failure \(40001\)\)/,
    )
  })

  test('run --json prints every step in the documented shape; a failed expectation exits 1', async () => {
    await writeFile(join(dir, 'booking.yaml'), DOUBLE_BOOKING)
    const ok = await cli(['isolation', 'run', 'booking.yaml', '--level', 'serializable', '--json'])
    expect(ok.code).toBe(0)
    const data = JSON.parse(ok.out)
    const [scenario] = data.scenarios
    expect(scenario.name).toBe('double booking')
    expect(scenario.steps).toHaveLength(8)
    expect(scenario.steps[2]).toMatchObject({
      session: 'A',
      status: 'ok',
      blocked: false,
      unblockedBy: null,
      tags: ['SELECT 1'],
      rows: [[0]],
      sqlstate: null,
    })
    expect(scenario.steps[7]).toMatchObject({ status: 'error', sqlstate: '40001' })
    expect(scenario.final).toEqual([[1]])

    const bad = await cli(['isolation', 'run', 'booking.yaml', '--level', 'read-committed'])
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/FAIL {2}double booking/)
    expect(bad.out).toMatch(/✗ final: expected \[\[1\]\] \(any order\), got \[\[2\]\]/)
  })

  test('run reports blocking and the releasing step in human output', async () => {
    await writeFile(
      join(dir, 'lock.json'),
      JSON.stringify({
        name: 'row lock',
        setup: ['create table t (id int primary key, v int)', 'insert into t values (1, 0)'],
        steps: [
          { session: 'T1', sql: 'begin; update t set v = 1 where id = 1' },
          {
            session: 'T2',
            sql: 'update t set v = 2 where id = 1',
            expect: { blocked: true, unblockedBy: 2 },
          },
          { session: 'T1', sql: 'commit' },
        ],
        final: 'select v from t',
        expect: { final: [[2]] },
      }),
    )
    const { code, out } = await cli(['isolation', 'run', 'lock.json'])
    expect(code).toBe(0)
    expect(out).toMatch(/\[blocked, released by step 2\] ok UPDATE 1/)
  })

  test('bad input: unknown session, bad YAML, bad level, no file, syntax error in a step (exit 2)', async () => {
    await writeFile(
      join(dir, 'typo.yaml'),
      'name: typo\nsessions: [T1, T2]\nsteps:\n  - { session: T1, sql: select 1 }\n  - { session: T3, sql: select 2 }\n  - { session: T1, sqll: select 3 }\n',
    )
    const typo = await cli(['isolation', 'run', 'typo.yaml'])
    expect(typo.code).toBe(2)
    expect(typo.err).toMatch(/Failed to read scenarios from .*typo\.yaml: 3 problems\./)
    expect(typo.err).toMatch(
      /typo\.yaml:5: step 1 names session "T3", which is not among the declared sessions \(T1, T2\)/,
    )
    expect(typo.err).toMatch(/typo\.yaml:6: step 2: unknown field "sqll"/)
    expect(typo.err).toMatch(/typo\.yaml:6: step 2: "sql" must be a non-empty string/)

    await writeFile(join(dir, 'broken.yaml'), 'name: x\nsteps: [ { session: T1\n')
    const broken = await cli(['isolation', 'run', 'broken.yaml'])
    expect(broken.code).toBe(2)
    expect(broken.err).toMatch(/Failed to parse .*broken\.yaml:\d+: .*Fix the JSON\/YAML syntax there\./)

    const level = await cli(['isolation', 'check', '--levels', 'snapshot'])
    expect(level.code).toBe(2)
    expect(level.err).toMatch(/"snapshot" is not an isolation level/)

    const none = await cli(['isolation', 'run'])
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/no file given/)

    await writeFile(
      join(dir, 'syntax.json'),
      JSON.stringify({ name: 'syn', steps: [{ session: 'T1', sql: 'selec 1' }] }),
    )
    const syntax = await cli(['isolation', 'run', 'syntax.json'])
    expect(syntax.code).toBe(2)
    expect(syntax.err).toMatch(
      /Failed to run scenario "syn" \(syntax\.json:1\): step 0 \(T1\) has SQL that does not parse: syntax error at or near "selec"\. Fix the SQL of that step\./,
    )

    await writeFile(
      join(dir, 'setup.json'),
      JSON.stringify({
        name: 'bad setup',
        setup: 'create tabl x ()',
        steps: [{ session: 'T1', sql: 'select 1' }],
      }),
    )
    const setup = await cli(['isolation', 'run', 'setup.json'])
    expect(setup.code).toBe(2)
    expect(setup.err).toMatch(
      /Failed to run the setup of scenario "bad setup": setup statement 1 failed with SQLSTATE 42601/,
    )
  })
})
