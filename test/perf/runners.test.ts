import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from '../e2e/runner-project.js'

const vitestFile = (lookups: number): string => `
import { test, expect } from 'pgtestbed/vitest'
describe('items', () => {
  test('looks items up', async ({ db }) => {
    for (let i = 0; i < ${lookups}; i++) await db.query('SELECT name FROM items WHERE id = $1', [i])
    expect(1).toBe(1)
  })
  // Skips itself after its database was handed out: not recorded (so "1 tests recorded" below).
  test('needs secrets', async ({ db, skip }) => {
    await db.query('SELECT 1')
    skip('no secrets here')
  })
})
`
const nodeFile = `
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
test('counts items', withDatabase(async (db) => { await db.query('SELECT count(*) FROM items') }))
// t.skip() marks the test skipped but lets it run on: not recorded.
test('needs secrets', withDatabase(async (db, t) => { await db.query('SELECT 1'); t.skip('no secrets here') }))
`

const project = runnerProject({
  'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { globals: true, include: ['test/**/*.test.js'], globalSetup: ['pgtestbed/vitest/global-setup'], pool: 'forks', includeTaskLocation: true } })
`,
  'test/items.test.js': vitestFile(3),
  'node/items.test.js': nodeFile,
})
afterAll(() => project.remove())
const cli = join(REPO, 'bin', 'pgtestbed.js')
const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
const runs = (): string[] => readdirSync(join(project.dir, '.pgtestbed', 'perf', 'runs'))

describe('perf tracking on real runners', () => {
  it('vitest with PGTESTBED_PERF=1 writes one run record at the end of the run', async () => {
    const result = await exec(process.execPath, [vitest, 'run'], {
      cwd: project.dir,
      env: { PGTESTBED_PERF: '1' },
    })
    expect(result.code).toBe(0)
    expect(result.output).toMatch(/pgtestbed perf: 1 tests recorded/)
    const [file] = runs()
    const run = JSON.parse(readFileSync(join(project.dir, '.pgtestbed', 'perf', 'runs', file ?? ''), 'utf8'))
    expect(run.format).toBe('pgtestbed-perf-run')
    expect(run.tests[0].id).toBe('test/items.test.js > items > looks items up')
    // With vitest's includeTaskLocation the record (and its annotation) points at the test's line.
    expect(run.tests[0].line).toBe(4)
    // The warm pool's warm-up query runs in the test's database too; the 3 lookups are one statement.
    const lookup = run.tests[0].top.find((q: { query: string }) => q.query.includes('FROM items'))
    expect(lookup.calls).toBe(3)
    expect(run.machine.postgres).toMatch(/^\d+/)
  })

  it('node:test under `pgtestbed run --perf` is recorded too', async () => {
    const before = runs().length
    const result = await exec(
      process.execPath,
      [cli, 'run', '--perf', '--', process.execPath, '--test', 'node/'],
      {
        cwd: project.dir,
      },
    )
    expect(result.code).toBe(0)
    expect(runs().length).toBe(before + 1)
    const file = runs().sort().at(-1) ?? ''
    const run = JSON.parse(readFileSync(join(project.dir, '.pgtestbed', 'perf', 'runs', file), 'utf8'))
    expect(run.tests.map((t: { name: string }) => t.name)).toEqual(['counts items'])
    expect(run.tests[0].counts.calls).toBeGreaterThanOrEqual(1)
  })

  it('a baseline, then a change that adds queries fails `perf report` with the evidence', async () => {
    await exec(process.execPath, [vitest, 'run'], { cwd: project.dir, env: { PGTESTBED_PERF: '1' } })
    const saved = await exec(process.execPath, [cli, 'perf', 'baseline'], { cwd: project.dir })
    expect(saved.output).toMatch(/saved 1 tests/)
    expect(saved.code).toBe(0)
    const again = await exec(process.execPath, [cli, 'perf', 'baseline'], { cwd: project.dir })
    expect(again.code).toBe(2)
    expect(again.output).toMatch(/already exists\. Pass --force/)
    // An absolute --out, in a folder that does not exist yet, is written there as given.
    const elsewhere = join(project.dir, 'baselines', 'ci', 'base.json')
    const absolute = await exec(process.execPath, [cli, 'perf', 'baseline', '--out', elsewhere], {
      cwd: project.dir,
    })
    expect(absolute.code).toBe(0)
    expect(JSON.parse(readFileSync(elsewhere, 'utf8')).tests).toHaveLength(1)

    const same = await exec(process.execPath, [cli, 'perf', 'report'], { cwd: project.dir })
    expect(same.output).toMatch(/no regression against the baseline/)
    expect(same.code).toBe(0)

    writeFileSync(join(project.dir, 'test', 'items.test.js'), vitestFile(12))
    await exec(process.execPath, [vitest, 'run'], { cwd: project.dir, env: { PGTESTBED_PERF: '1' } })
    const junit = join(project.dir, 'perf-junit.xml')
    const worse = await exec(
      process.execPath,
      [cli, 'perf', 'report', '--github', '--junit', 'perf-junit.xml'],
      {
        cwd: project.dir,
        env: { GITHUB_STEP_SUMMARY: join(project.dir, 'summary.md') },
      },
    )
    expect(worse.code).toBe(1)
    expect(worse.output).toMatch(/REGRESSION test\/items\.test\.js > items > looks items up: calls \d+ → \d+/)
    expect(worse.output).toMatch(/N\+1\? .*12× SELECT name FROM items WHERE id = \$1/)
    // The line comes from vitest (includeTaskLocation in this project's config).
    expect(worse.output).toMatch(/::warning file=test\/items\.test\.js,line=4,title=pgtestbed perf::/)
    expect(readFileSync(join(project.dir, 'summary.md'), 'utf8')).toMatch(/\| calls \| \d+ \| \d+ \|/)
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure message="perf regression: calls/)
  })

  it('records a vitest test that failed as failed, and an expected failure that failed as passed (as vitest counts them)', async () => {
    const failing = join(project.dir, 'test', 'broken.test.js')
    writeFileSync(
      failing,
      [
        "import { test, expect } from 'pgtestbed/vitest'",
        "test('breaks', async ({ db }) => { await db.query('SELECT 1'); expect(1).toBe(2) })",
        // Expected to fail, and it does: vitest counts it as passed, and so does its record.
        "test.fails('known bug', async ({ db }) => { await db.query('SELECT 1'); expect(1).toBe(2) })",
      ].join('\n'),
    )
    try {
      const result = await exec(process.execPath, [vitest, 'run', 'broken'], {
        cwd: project.dir,
        env: { PGTESTBED_PERF: '1' },
      })
      expect(result.code).toBe(1)
      const file = runs().sort().at(-1) ?? ''
      const run = JSON.parse(readFileSync(join(project.dir, '.pgtestbed', 'perf', 'runs', file), 'utf8'))
      expect(run.tests.map((t: { name: string; outcome: string }) => [t.name, t.outcome])).toEqual([
        ['breaks', 'failed'],
        ['known bug', 'passed'],
      ])
    } finally {
      rmSync(failing)
    }
  })
})
