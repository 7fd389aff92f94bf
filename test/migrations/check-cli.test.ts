/** `pgtestbed migrations test` flags and config for keep-going, ignored kinds and lock budgets. */

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { serverUrl } from '../support/scratch-database.js'
import { migrationFolder, removeFolders } from './support.js'

const made: string[] = []
afterAll(() => removeFolders(made))

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

async function cli(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink()
  const stderr = sink()
  const env = { PGTESTBED_URL: serverUrl(), PGTESTBED_RUN_ID: 'clitest' }
  const code = await main(argv, { stdout, stderr, cwd, env })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

async function project(files: Record<string, string>): Promise<string> {
  const dir = await migrationFolder(files)
  made.push(dir)
  return dir
}

const BROKEN = {
  'migrations/1_a.up.sql': 'create table a (id int);\ncreate view av as select id from a;\n',
  'migrations/1_a.down.sql': 'drop view av;\ndrop table a;\n',
  'migrations/2_b.up.sql': 'create or replace view av as select id, 1 as one from a;\n',
  'migrations/2_b.down.sql': 'drop view av;\ncreate view av as select id from a where id > 0;\n',
  'migrations/3_c.up.sql': 'alter table a add column note text;\n',
  'migrations/3_c.down.sql': 'select 1;\n',
}

test('--keep-going reports every broken down; --ignore-kind and the config leave kinds out', async () => {
  const dir = await project(BROKEN)
  const all = await cli(dir, 'migrations', 'test', '--checks', 'roundtrip', '--keep-going', '--json')
  expect(all.code).toBe(1)
  expect(
    JSON.parse(all.stdout).checks.roundtrip.failures.map((f: { migration: string }) => f.migration),
  ).toEqual(['2_b', '3_c'])
  const human = await cli(
    dir,
    'migrations',
    'test',
    '--checks',
    'roundtrip',
    '--keep-going',
    '--ignore-kind',
    'view',
  )
  expect(human.stdout).toContain('roundtrip-mismatch in 3_c')
  expect(human.stdout).not.toContain('2_b')
  expect(human.stdout).toContain('Some checks failed (1 failure).')
  const configured = await project({
    ...BROKEN,
    'pgtestbed.config.mjs':
      "export default { migrationChecks: { ignoreKinds: ['view'], irreversible: ['3_c'] } }\n",
  })
  const passing = await cli(configured, 'migrations', 'test', '--checks', 'roundtrip', '--keep-going')
  expect(passing.stdout).toContain('All requested checks passed.')
  expect(passing.code).toBe(0)
})

test('an unknown kind or budget is a usage error naming the choices', async () => {
  const dir = await project(BROKEN)
  const kind = await cli(dir, 'migrations', 'test', '--ignore-kind', 'views')
  expect(kind.code).toBe(2)
  expect(kind.stderr).toContain('Unknown kind "views" in --ignore-kind')
  expect(kind.stderr).toContain('view, function, sequence, type')
  const budget = await cli(dir, 'migrations', 'test', '--lock-max-access-exclusive-ms', 'soon')
  expect(budget.code).toBe(2)
  expect(budget.stderr).toContain('--lock-max-access-exclusive-ms soon: expected a number')
})

test('lock budgets from the flags fail the locks check with file:line', async () => {
  const dir = await project({
    'migrations/1_t.up.sql':
      'create table t (id int primary key);\ninsert into t select generate_series(1, 5000);\n',
    'migrations/1_t.down.sql': 'drop table t;\n',
    'migrations/2_r.up.sql': 'alter table t add column r float8 default random();\n',
    'migrations/2_r.down.sql': 'alter table t drop column r;\n',
    'data/analyze.sql': 'analyze t;\n',
  })
  const { code, stdout } = await cli(
    dir,
    'migrations',
    'test',
    '--checks',
    'locks',
    '--preserve-at',
    '1_t',
    '--preserve-data',
    'data/analyze.sql',
    '--lock-min-rows',
    '1000',
    '--fail-on-rewrite',
  )
  expect(code).toBe(1)
  expect(stdout).toContain('table-rewrite in 2_r migrations/2_r.up.sql:1')
  expect(stdout).toMatch(/REWRITE public\.t \(~5000 rows, \d+ bytes\)/)
})

test('lint findings carry what the locks check measured for the same statement (--evidence)', async () => {
  const dir = await project({
    'migrations/1_t.up.sql':
      'create table t (id int primary key, code text);\ninsert into t select g, g::text from generate_series(1, 2000) g;\n',
    'migrations/1_t.down.sql': 'drop table t;\n',
    'migrations/2_r.up.sql':
      'alter table t add column r float8 default random();\ncreate index t_code on t (code);\n',
    'migrations/2_r.down.sql': 'drop index t_code;\nalter table t drop column r;\n',
  })
  const measured = await cli(dir, 'migrations', 'test', '--checks', 'locks', '--json')
  expect(measured.code).toBe(0)
  writeFileSync(join(dir, 'locks.json'), measured.stdout)

  const linked = await cli(dir, 'migrations', 'lint', '--evidence', 'locks.json')
  expect(linked.code).toBe(1)
  // The volatile default: the finding, then the rewrite and the lock the check saw.
  expect(linked.stdout).toMatch(
    /migrations\/2_r\.up\.sql:1: .*\n {4}fix: .*(\n {4}measured: .*)*\n {4}measured: rewrote public\.t \(~\d+ rows, \d+ bytes\)/,
  )
  expect(linked.stdout).toMatch(/measured: ACCESS EXCLUSIVE on public\.t \(~\d+ rows\) held [\d.]+ ms/)
  // The index built without CONCURRENTLY is line 2: its finding gets line 2's measurement.
  expect(linked.stdout).toMatch(
    /2_r\.up\.sql:2: [^\n]*\n {4}fix: [^\n]*(\n {4}measured: [^\n]*)*\n {4}measured: ran [\d.]+ ms/,
  )
  const json = await cli(dir, 'migrations', 'lint', '--evidence', 'locks.json', '--json')
  const findings = (JSON.parse(json.stdout) as { findings: { line: number; evidence?: string[] }[] }).findings
  expect(findings.every((f) => Array.isArray(f.evidence))).toBe(true)

  // Without the file, or with something else in it: a usage error that says how to make it.
  writeFileSync(join(dir, 'other.json'), '{"ok": true}')
  for (const file of ['missing.json', 'other.json']) {
    const bad = await cli(dir, 'migrations', 'lint', '--evidence', file)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('pgtestbed migrations test --checks locks --json >')
  }
})
