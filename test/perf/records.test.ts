import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { latestRun, loadBaseline, saveBaseline } from '../../src/perf/baseline.js'
import { appendPending } from '../../src/perf/pending-records.js'
import { PerfError } from '../../src/perf/perf-error.js'
import { perfReport } from '../../src/perf/perf-report.js'
import type { TestRecord } from '../../src/perf/record.js'
import { readRun } from '../../src/perf/run-record.js'
import { runCli } from '../support/run-cli.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pgt-perf-records-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const test1: TestRecord = {
  id: 'a.test.ts > works',
  name: 'works',
  file: 'a.test.ts',
  line: 1,
  outcome: 'passed',
  phases: { acquire: 1, body: 2, release: 1 },
  counts: { calls: 3, rows: 1, blocks: 10, blocksRead: 0, tempBlocks: 0, walBytes: 0, execMs: 0.1 },
  top: [],
  nPlusOne: [],
  notes: [],
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(PerfError)
    return `${(err as PerfError).code}: ${(err as Error).message}`
  }
  return undefined
}

describe('reading records', () => {
  it('names the file and the fix for a file that is not a perf record', () => {
    const file = join(dir, 'other.json')
    writeFileSync(file, '{"hello": 1}')
    expect(codeOf(() => readRun(file))).toBe(
      `PGT_PERF_RECORD: ${file} is not a pgtestbed perf run record (no "format": "pgtestbed-perf-run"). Pass a file written by a --perf run.`,
    )
    writeFileSync(file, '{ broken')
    expect(codeOf(() => readRun(file))).toMatch(
      /^PGT_PERF_RECORD: Cannot read the perf record .*other\.json: .*Run the suite with --perf/,
    )
  })

  it('refuses a record from a newer pgtestbed, saying to upgrade', () => {
    const file = join(dir, 'new.json')
    writeFileSync(file, JSON.stringify({ format: 'pgtestbed-perf-run', version: 99, tests: [] }))
    expect(codeOf(() => readRun(file))).toMatch(
      /record version 99, this one reads up to 1\)\. Upgrade pgtestbed/,
    )
  })

  it('says how to record a run when there is none', () => {
    expect(codeOf(() => latestRun(dir))).toMatch(
      /^PGT_PERF_NO_RUN: No perf run recorded under .*pgtestbed run --perf/,
    )
  })
})

describe('baselines and reports', () => {
  it('reports without a baseline (saying so), gathers pending records, and never overwrites a baseline silently', () => {
    appendPending(dir, 'r1', test1, '17.2')
    writeFileSync(join(dir, 'pending', 'r1.ndjson'), '{"cut short', { flag: 'a' }) // a killed writer's last line
    const baseline = join(dir, 'baseline.json')
    const report = perfReport({ cwd: dir, env: { PGTESTBED_PERF_DIR: dir }, baseline })
    expect(report.run.tests.map((t) => t.id)).toEqual(['a.test.ts > works'])
    expect(report.counts).toBeUndefined()
    expect(report.terminal).toMatch(
      /note: No baseline at .*baseline\.json yet: counts are not compared\. Save one with `pgtestbed perf baseline`/,
    )
    expect(loadBaseline(baseline)).toHaveProperty('missing')

    saveBaseline(report.run, baseline, { force: false })
    expect(codeOf(() => saveBaseline(report.run, baseline, { force: false }))).toMatch(
      /^PGT_PERF_BASELINE: .* already exists\. Pass --force/,
    )
    saveBaseline(report.run, baseline, { force: true })
    expect(perfReport({ cwd: dir, env: { PGTESTBED_PERF_DIR: dir }, baseline }).counts?.regressions).toEqual(
      [],
    )
  })

  it('keeps a baseline per fixture tier: PGTESTBED_TIER picks pgtestbed.perf-baseline.<tier>.json', async () => {
    const perfDir = join(dir, '.pgtestbed', 'perf')
    appendPending(perfDir, 'r1', test1, '17.2')
    const env = { PGTESTBED_PERF_DIR: perfDir }
    const realistic = { ...env, PGTESTBED_TIER: 'realistic' }
    // No tier baseline yet: a tier job compares with the plain one, if any.
    const before = await runCli(['perf', 'report', '--json'], { cwd: dir, env: realistic })
    expect(JSON.parse(before.stdout).notes.join('\n')).toContain(
      `No baseline at ${join(dir, 'pgtestbed.perf-baseline.json')}`,
    )
    const plain = await runCli(['perf', 'baseline', '--json'], { cwd: dir, env })
    expect(JSON.parse(plain.stdout).baseline).toBe(join(dir, 'pgtestbed.perf-baseline.json'))
    const fallback = await runCli(['perf', 'report', '--json'], { cwd: dir, env: realistic })
    expect(JSON.parse(fallback.stdout).counts).not.toBeNull()
    // Saving in a tier job writes the tier's own, which its reports then use.
    const saved = await runCli(['perf', 'baseline', '--json'], { cwd: dir, env: realistic })
    expect(saved.code, saved.stderr).toBe(0)
    expect(JSON.parse(saved.stdout).baseline).toBe(join(dir, 'pgtestbed.perf-baseline.realistic.json'))
    writeFileSync(join(dir, 'pgtestbed.perf-baseline.json'), '{ not a record')
    const own = await runCli(['perf', 'report', '--json'], { cwd: dir, env: realistic })
    expect(own.code, own.stderr).toBe(0)
    expect(JSON.parse(own.stdout).counts.regressions).toEqual([])
  })
})
