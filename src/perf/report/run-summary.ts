/**
 * Figures a report shows about one run: totals, percentiles, slowest tests, N+1 hints.
 * @module
 */
import { percentiles } from '../../internal/percentiles.js'
import type { RunRecord, TestRecord } from '../record.js'

/** Totals and percentiles of a run. */
export interface RunFigures {
  readonly tests: number
  readonly failed: number
  readonly totalMs: number
  readonly p50Ms: number
  readonly p95Ms: number
  readonly phases: { readonly acquire: number; readonly body: number; readonly release: number }
  /** Null when no test has counts (pg_stat_statements was not available: see `countsMissing`). */
  readonly calls: number | null
  /** Why counts are missing, from the tests' notes; undefined when they are there. */
  readonly countsMissing: string | undefined
  readonly slowest: readonly TestRecord[]
  readonly nPlusOne: readonly TestRecord[]
}

/** A test's wall time: the sum of its phases. */
export function testMs(test: TestRecord): number {
  return test.phases.acquire + test.phases.body + test.phases.release
}

/**
 * Summarises a run.
 *
 * @example
 * const f = runFigures(run); console.log(f.p95Ms)
 */
export function runFigures(run: RunRecord, slowest = 10): RunFigures {
  const times = run.tests.map(testMs)
  const { p50, p95 } = times.length > 0 ? percentiles(times) : { p50: 0, p95: 0 }
  const uncounted =
    run.tests.length > 0 && run.tests.every((t) => t.counts === null) ? run.tests[0] : undefined
  const sum = (pick: (t: TestRecord) => number) => round(run.tests.reduce((s, t) => s + pick(t), 0))
  return {
    tests: run.tests.length,
    failed: run.tests.filter((t) => t.outcome === 'failed').length,
    totalMs: round(times.reduce((s, t) => s + t, 0)),
    p50Ms: round(p50),
    p95Ms: round(p95),
    phases: {
      acquire: sum((t) => t.phases.acquire),
      body: sum((t) => t.phases.body),
      release: sum((t) => t.phases.release),
    },
    calls: uncounted === undefined ? sum((t) => t.counts?.calls ?? 0) : null,
    countsMissing:
      uncounted === undefined ? undefined : (uncounted.notes[0] ?? 'no statement counts were recorded'),
    slowest: [...run.tests].sort((a, b) => testMs(b) - testMs(a)).slice(0, slowest),
    nPlusOne: run.tests.filter((t) => t.nPlusOne.length > 0),
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

/** "N statements", or that none were counted. */
export function statementsText(f: RunFigures): string {
  return f.calls === null ? 'statements not recorded' : `${f.calls} statements`
}
