import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { budgetProblems } from '../../src/config/validate-budgets.js'
import { checkBudgets } from '../../src/perf/check-budgets.js'
import { RUN_FORMAT, type RunRecord, type TestRecord } from '../../src/perf/record.js'
import { breachLine } from '../../src/perf/report/budgets-report.js'
import { exec, REPO, runnerProject } from '../e2e/runner-project.js'

const test = (id: string, file: string, ms: number, line = 3): TestRecord => ({
  id,
  name: id.split(' > ').at(-1) ?? id,
  file,
  line,
  outcome: 'passed',
  phases: { acquire: 1, body: ms - 2, release: 1 },
  counts: null,
  top: [],
  nPlusOne: [],
  notes: [],
})
const run = (tests: TestRecord[]): RunRecord => ({
  format: RUN_FORMAT,
  version: 1,
  id: 'r',
  createdAt: '2026-01-01T00:00:00.000Z',
  machine: {
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'x',
    node: 'v20',
    postgres: '17',
    commit: undefined,
  },
  tests,
})
// Three samples: a > fast takes 10, 12, 50 ms; a > slow 200, 210, 220; b > one 40 each time.
const samples = [10, 12, 50].map((fast, i) =>
  run([
    test('a.test.ts > fast', 'a.test.ts', fast),
    test('a.test.ts > slow', 'a.test.ts', 200 + 10 * i, 9),
    test('b.test.ts > one', 'b.test.ts', 40),
  ]),
)

describe('checkBudgets', () => {
  it('takes p50 as the median, p95 as the nearest rank and max over the samples', () => {
    const report = checkBudgets({ test: { p50: 100, p95: 45 } }, samples)
    expect(report).toMatchObject({ kind: 'perf-budgets', samples: 3, checked: 6 })
    expect(report.breaches.map((b) => [b.name, b.figure, b.actualMs, b.budgetMs])).toEqual([
      ['a.test.ts > fast', 'p95', 50, 45],
      ['a.test.ts > slow', 'p50', 210, 100],
      ['a.test.ts > slow', 'p95', 220, 45],
    ])
    expect(report.breaches[1]).toMatchObject({ scope: 'test', file: 'a.test.ts', line: 9, samples: 3 })
  })

  it('lets `tests` replace `test` for one test, and sums files and the suite', () => {
    const report = checkBudgets(
      {
        test: { max: 100 },
        tests: { 'a.test.ts > slow': { max: 250 } },
        files: { './a.test.ts': { p50: 200 }, 'b.test.ts': { max: 40 } },
        suite: { max: 300 },
      },
      samples,
    )
    expect(report.breaches.map((b) => [b.scope, b.name, b.figure, b.actualMs])).toEqual([
      ['file', './a.test.ts', 'p50', 222],
      ['suite', 'suite', 'max', 310],
    ])
    expect(report.notes).toEqual([])
  })

  it('holds the mean test of a file or the suite to perTest: median over the samples of total ÷ tests', () => {
    // a.test.ts per sample: (10+200)/2 = 105, (12+210)/2 = 111, (50+220)/2 = 135 → median 111.
    // The suite: 250/3, 262/3, 310/3 → median 87.3.
    const report = checkBudgets(
      { files: { 'a.test.ts': { perTest: 100 }, 'b.test.ts': { perTest: 40 } }, suite: { perTest: 80 } },
      samples,
    )
    expect(report.checked).toBe(3)
    expect(report.breaches.map((b) => [b.scope, b.name, b.figure, b.actualMs, b.budgetMs])).toEqual([
      ['file', 'a.test.ts', 'perTest', 111, 100],
      ['suite', 'suite', 'perTest', 87.3, 80],
    ])
    expect(breachLine(report.breaches[0]!)).toBe(
      'a test of file a.test.ts averages 111 ms > budget perTest 100 ms (3 samples)',
    )
  })

  it('refuses perTest on a single test, naming where it belongs', () => {
    expect(budgetProblems({ test: { perTest: 300 } })).toEqual([
      '"perfBudgets.test.perTest" is for files and the suite (the mean of their tests); a single test\'s budget takes p50, p95, max',
    ])
    expect(budgetProblems({ files: { 'a.test.ts': { perTest: 300, p99: 1 } } })).toEqual([
      'unknown field "perfBudgets.files["a.test.ts"].p99" (known fields: p50, p95, max, perTest)',
    ])
  })

  it('says when a budget names a test or file no run recorded', () => {
    const report = checkBudgets(
      { tests: { 'a.test.ts > gone': { max: 1 } }, files: { 'c.test.ts': { max: 1 } } },
      samples,
    )
    expect(report.breaches).toEqual([])
    expect(report.notes).toEqual([
      'perfBudgets.tests names "a.test.ts > gone", which no checked run recorded.',
      'perfBudgets.files names "c.test.ts", which no checked run recorded.',
    ])
  })
})

// A real vitest run whose one slow test sleeps 300 ms: over a 100 ms budget on any machine.
const project = runnerProject({
  'pgtestbed.config.json': JSON.stringify({
    perf: true,
    perfBudgets: { test: { p95: 100 }, tests: { 'test/items.test.js > quick': { max: 600000 } } },
  }),
  'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['test/**/*.test.js'], globalSetup: ['pgtestbed/vitest/global-setup'], pool: 'forks' } })
`,
  'test/items.test.js': `
import { test } from 'pgtestbed/vitest'
test('quick', async ({ db }) => { await db.query('SELECT 1') })
test('sleeps', async ({ db }) => { await db.query('SELECT pg_sleep(0.3)') })
`,
})
afterAll(() => project.remove())
const cli = join(REPO, 'bin', 'pgtestbed.js')

describe('pgtestbed perf check on a real run', () => {
  it('exits 1 naming the test, its figure and the budget; Markdown and annotations on request', async () => {
    const ran = await exec(process.execPath, [join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], {
      cwd: project.dir,
      env: { PGTESTBED_PERF: '' },
    })
    expect(ran.code, ran.output).toBe(0)
    const summary = join(project.dir, 'summary.md')
    writeFileSync(summary, '')
    const check = await exec(process.execPath, [cli, 'perf', 'check', '--github'], {
      cwd: project.dir,
      env: { GITHUB_STEP_SUMMARY: summary },
    })
    expect(check.code, check.output).toBe(1)
    expect(check.output).toMatch(/perf budgets: 1 over budget \(of 2 checked\)/)
    expect(check.output).toMatch(
      /OVER BUDGET test\/items\.test\.js > sleeps: p95 \d+(\.\d)? ms > budget 100 ms \(1 run\)/,
    )
    expect(check.output).toMatch(
      /::error file=test\/items\.test\.js,title=pgtestbed perf::over budget: test\/items\.test\.js > sleeps/,
    )
    expect(readFileSync(summary, 'utf8')).toMatch(
      /\| test \| test\/items\.test\.js > sleeps \| p95 \| \d+(\.\d)? ms \| 100 ms \|/,
    )

    const json = await exec(process.execPath, [cli, 'perf', 'check', '--json'], { cwd: project.dir })
    const data = JSON.parse(json.output)
    expect(data.breaches[0]).toMatchObject({
      scope: 'test',
      name: 'test/items.test.js > sleeps',
      budgetMs: 100,
    })
    expect(data.breaches[0].actualMs).toBeGreaterThanOrEqual(300)
  })

  it('is a usage error (exit 2) without budgets, naming the config file', async () => {
    const bare = runnerProject({ 'pgtestbed.config.json': '{}' })
    try {
      const check = await exec(process.execPath, [cli, 'perf', 'check'], { cwd: bare.dir })
      expect(check.code).toBe(2)
      expect(check.output).toContain(`No perfBudgets in ${bare.dir}/pgtestbed.config.json`)
    } finally {
      bare.remove()
    }
  })
})
