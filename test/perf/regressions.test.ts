import { describe, expect, it } from 'vitest'
import { compareCounts } from '../../src/perf/compare-counts.js'
import { compareTimes } from '../../src/perf/compare-times.js'
import { RUN_FORMAT, type RunRecord, type TestRecord } from '../../src/perf/record.js'
import { benjaminiHochberg } from '../../src/perf/stats/benjamini-hochberg.js'
import { mannWhitneyGreater } from '../../src/perf/stats/mann-whitney.js'

describe('mannWhitneyGreater', () => {
  it('gives the exact one-sided p-value for small samples', () => {
    // All of b above all of a: 1 arrangement in C(6,3) = 20.
    expect(mannWhitneyGreater([1, 2, 3], [4, 5, 6])).toEqual({ u: 9, p: 0.05 })
    // No shift at all: U = 0, every arrangement is at least as extreme.
    expect(mannWhitneyGreater([4, 5, 6], [1, 2, 3]).p).toBe(1)
    // One inversion: U = 8 → (1 + 1) / 20.
    expect(mannWhitneyGreater([1, 2, 5], [3, 4, 6]).p).toBeCloseTo(0.1 * 2, 10)
  })

  it('uses the normal approximation with ties', () => {
    const p = mannWhitneyGreater([1, 1, 2, 2, 3, 3], [3, 3, 4, 4, 5, 5]).p
    expect(p).toBeGreaterThan(0)
    expect(p).toBeLessThan(0.01)
  })
})

describe('benjaminiHochberg', () => {
  it('adjusts p-values by rank and keeps them monotone', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03])).toEqual([0.03, 0.04, 0.04])
    expect(benjaminiHochberg([0.5, 0.9])).toEqual([0.9, 0.9])
  })
})

/** k rounds of 50 tests at 10 ms each, with `slow` tests' current times multiplied. */
function rounds(k: number, options: { slow?: Record<string, number>; burst?: number } = {}) {
  return Array.from({ length: k }, (_, r) => {
    const base: Record<string, number> = {}
    const current: Record<string, number> = {}
    // A deterministic wobble (no randomness in a unit test): ±3 %, different per test and round.
    const wobble = (i: number, side: number) => 1 + 0.03 * Math.sin(i * 7.1 + r * 3.3 + side)
    // A noisy neighbour slows the whole current side of 6 rounds in 10.
    const burst = r % 5 < 3 ? (options.burst ?? 1) : 1
    for (let i = 0; i < 50; i++) {
      base[`t${i}`] = 10 * wobble(i, 0)
      current[`t${i}`] = 10 * wobble(i, 1) * burst * (options.slow?.[`t${i}`] ?? 1)
    }
    return { base, current }
  })
}

describe('compareTimes', () => {
  it('flags a test 2× slower, with its ratio and BH-adjusted p-value', () => {
    const report = compareTimes(rounds(10, { slow: { t7: 2 } }))
    expect(report.regressions.map((r) => r.test)).toEqual(['t7'])
    expect(report.regressions[0]?.ratio).toBeGreaterThan(1.9)
    expect(report.regressions[0]?.q).toBeLessThan(0.05)
  })

  it('does not flag a machine-wide slowdown of one side (normalised per round)', () => {
    const report = compareTimes(rounds(10, { burst: 2.2 }))
    expect(report.regressions).toEqual([])
    // Without normalisation the same rounds flag every test.
    expect(compareTimes(rounds(10, { burst: 2.2 }), { normalise: false }).regressions.length).toBe(50)
  })

  it('does not flag a slowdown under the threshold however significant', () => {
    expect(compareTimes(rounds(10, { slow: { t3: 1.3 } })).regressions).toEqual([])
  })
})

function record(id: string, counts: Partial<NonNullable<TestRecord['counts']>>): TestRecord {
  return {
    id,
    name: id,
    file: 'a.test.ts',
    line: 4,
    outcome: 'passed',
    phases: { acquire: 1, body: 1, release: 1 },
    counts: {
      calls: 5,
      rows: 5,
      blocks: 100,
      blocksRead: 0,
      tempBlocks: 0,
      walBytes: 1000,
      execMs: 1,
      ...counts,
    },
    top: [],
    nPlusOne: [],
    notes: [],
  }
}

function run(tests: TestRecord[], postgres = '17.2'): RunRecord {
  const machine = {
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'x',
    node: 'v20',
    postgres,
    commit: undefined,
  }
  return { format: RUN_FORMAT, version: 1, id: 'r', createdAt: '', machine, tests }
}

describe('compareCounts', () => {
  it('fails on an extra call, forgives block noise within the slack', () => {
    const report = compareCounts(
      run([record('a', {}), record('b', {})]),
      run([record('a', { calls: 6 }), record('b', { blocks: 108 })]),
    )
    expect(report.regressions).toEqual([
      { test: 'a', file: 'a.test.ts', line: 4, metric: 'calls', baseline: 5, current: 6 },
    ])
  })

  it('says which tests it could not compare, and compares only calls and rows across majors', () => {
    const report = compareCounts(
      run([record('old name', {}), record('b', {})], '16.4'),
      run([record('new name', {}), record('b', { blocks: 900 })], '17.2'),
    )
    expect(report.regressions).toEqual([])
    expect(report.notes.join('\n')).toMatch(/PostgreSQL 16\.4 .* 17\.2: only calls and rows are compared/)
    expect(report.notes.join('\n')).toMatch(/1 test\(s\) are not in the baseline .*"new name"/)
    expect(report.notes.join('\n')).toMatch(/1 baseline test\(s\) did not run .*"old name"/)
  })
})
