/**
 * Machine-independent counts (calls, rows, blocks touched, temp blocks, WAL bytes) of a run
 * compared with the committed baseline. Calls and rows are exact; blocks and WAL may move a
 * little (hint bits, page splits), so they get a relative and an absolute slack. Deterministic,
 * so a regression here can fail a build.
 * @module
 */
import type { RunRecord, StatementCounts, TestRecord } from './record.js'

/** Metrics compared, with their default slack: relative share and absolute amount. */
export const COUNT_SLACK: Readonly<Record<CountMetric, { relative: number; absolute: number }>> = {
  calls: { relative: 0, absolute: 0 },
  rows: { relative: 0, absolute: 0 },
  blocks: { relative: 0.1, absolute: 20 },
  tempBlocks: { relative: 0.1, absolute: 8 },
  walBytes: { relative: 0.1, absolute: 16384 },
}

export type CountMetric = 'calls' | 'rows' | 'blocks' | 'tempBlocks' | 'walBytes'

/** One count that grew past its slack. */
export interface CountRegression {
  readonly test: string
  readonly file: string | undefined
  readonly line: number | undefined
  readonly metric: CountMetric
  readonly baseline: number
  readonly current: number
}

/** What comparing counts found. */
export interface CountsReport {
  readonly kind: 'perf-counts'
  readonly regressions: readonly CountRegression[]
  /** Tests with fewer counts (worth a new baseline), by metric. */
  readonly improvements: number
  /** Things that limited the comparison (renamed tests, another PostgreSQL major, …). */
  readonly notes: readonly string[]
}

/**
 * Compares a run's counts with a baseline's.
 *
 * @example
 * const report = compareCounts(baseline, run)
 * if (report.regressions.length > 0) process.exitCode = 1
 */
export function compareCounts(baseline: RunRecord, run: RunRecord): CountsReport {
  const notes: string[] = []
  const baseMajor = major(baseline.machine.postgres)
  const runMajor = major(run.machine.postgres)
  const sameMajor = baseMajor === runMajor
  if (!sameMajor)
    notes.push(
      `The baseline was recorded on PostgreSQL ${baseline.machine.postgres ?? '?'} and this run on ${run.machine.postgres ?? '?'}: only calls and rows are compared (blocks and WAL differ between majors). Record a new baseline with \`pgtestbed perf baseline\`.`,
    )
  const byId = new Map(baseline.tests.map((t) => [t.id, t]))
  const regressions: CountRegression[] = []
  let improvements = 0
  const unmatched: string[] = []
  for (const test of run.tests) {
    const base = byId.get(test.id)
    if (base === undefined) {
      unmatched.push(test.id)
      continue
    }
    byId.delete(test.id)
    if (base.counts === null || test.counts === null) continue
    for (const metric of Object.keys(COUNT_SLACK) as CountMetric[]) {
      if (!sameMajor && (metric === 'blocks' || metric === 'walBytes' || metric === 'tempBlocks')) continue
      const was = base.counts[metric as keyof StatementCounts]
      const now = test.counts[metric as keyof StatementCounts]
      const slack = COUNT_SLACK[metric]
      if (now > was + Math.max(was * slack.relative, slack.absolute))
        regressions.push(regression(test, metric, was, now))
      else if (now < was) improvements++
    }
  }
  if (unmatched.length > 0)
    notes.push(
      `${unmatched.length} test(s) are not in the baseline (new or renamed), e.g. "${unmatched[0]}": not compared. Update the baseline with \`pgtestbed perf baseline --force\` once the change is intended.`,
    )
  if (byId.size > 0)
    notes.push(
      `${byId.size} baseline test(s) did not run (removed, renamed or skipped), e.g. "${[...byId.keys()][0]}".`,
    )
  return { kind: 'perf-counts', regressions, improvements, notes }
}

function regression(
  test: TestRecord,
  metric: CountMetric,
  baseline: number,
  current: number,
): CountRegression {
  return { test: test.id, file: test.file, line: test.line, metric, baseline, current }
}

function major(version: string | undefined): string | undefined {
  return version?.split('.')[0]
}
