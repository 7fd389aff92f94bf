/**
 * `perf ab` rendered for the terminal, Markdown and GitHub annotations, in the wording of the
 * other perf reports.
 * @module
 */
import type { BudgetsReport } from '../check-budgets.js'
import type { TimeComparison, TimesReport } from '../compare-times.js'
import type { RunRecord } from '../record.js'
import { githubCommand } from './annotations.js'
import { budgetsAnnotations, budgetsMarkdown, budgetsTerminal } from './budgets-report.js'

/** The parts of a perf ab result the reports read. */
export interface AbFigures {
  readonly base: { readonly ref: string; readonly commit: string }
  readonly times: TimesReport
  readonly budgets: BudgetsReport | undefined
  readonly ms: {
    readonly total: number
    readonly base: readonly number[]
    readonly current: readonly number[]
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const slower = (r: TimeComparison): string =>
  `${r.ratio.toFixed(2)}× slower (median ${r.baseMedianMs.toFixed(1)} → ${r.currentMedianMs.toFixed(1)} ms, q ${r.q.toExponential(1)})`

/** Terminal lines. */
export function abTerminal(ab: AbFigures): string {
  const t = ab.times
  const lines = [
    `perf ab: current vs ${ab.base.ref} (${ab.base.commit.slice(0, 10)}), ${t.rounds} interleaved rounds, ${t.tests.length} tests, threshold ${t.threshold}×, FDR ${t.alpha}`,
    `  suite: ${t.suiteRatio.toFixed(2)}× the base (p ${t.suiteP.toExponential(1)})${t.suiteRegressed ? ' REGRESSION' : ''}`,
    ...(t.regressions.length === 0
      ? ['  no test slowed past the threshold with significance']
      : t.regressions.map((r) => `  REGRESSION ${r.test}: ${slower(r)}`)),
    `  took ${(ab.ms.total / 1000).toFixed(1)} s`,
  ]
  return `${lines.join('\n')}\n${ab.budgets ? budgetsTerminal(ab.budgets) : ''}`
}

/** Markdown section. */
export function abMarkdown(ab: AbFigures): string {
  const t = ab.times
  const out = [
    `### perf ab: current vs \`${cell(ab.base.ref)}\` (${ab.base.commit.slice(0, 10)})`,
    '',
    `${t.rounds} interleaved rounds · ${t.tests.length} tests · threshold ${t.threshold}× · FDR ${t.alpha} · suite ${t.suiteRatio.toFixed(2)}× the base${t.suiteRegressed ? ' ❌' : ''} · took ${(ab.ms.total / 1000).toFixed(1)} s`,
    '',
  ]
  if (t.regressions.length === 0) out.push('No test slowed past the threshold with significance. ✅', '')
  else {
    out.push('| test | base ms | now ms | ratio | p | q (BH) |', '|---|---:|---:|---:|---:|---:|')
    for (const r of t.regressions)
      out.push(
        `| ${cell(r.test)} | ${r.baseMedianMs.toFixed(1)} | ${r.currentMedianMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.p.toExponential(1)} | ${r.q.toExponential(1)} |`,
      )
    out.push('')
  }
  return `${out.join('\n')}\n${ab.budgets ? budgetsMarkdown(ab.budgets) : ''}`
}

/** One `::error` per slowed test (on its file and line when recorded), then the budget breaches. */
export function abAnnotations(ab: AbFigures, runs: readonly RunRecord[]): string[] {
  const where = new Map(runs.flatMap((run) => run.tests.map((t) => [t.id, t] as const)))
  return [
    ...ab.times.regressions.map((r) =>
      githubCommand(
        'error',
        { file: where.get(r.test)?.file, line: where.get(r.test)?.line },
        `${r.test}: ${slower(r)} than ${ab.base.ref}`,
      ),
    ),
    ...(ab.times.suiteRegressed
      ? [
          githubCommand(
            'error',
            { file: undefined, line: undefined },
            `suite ${ab.times.suiteRatio.toFixed(2)}× slower than ${ab.base.ref}`,
          ),
        ]
      : []),
    ...(ab.budgets ? budgetsAnnotations(ab.budgets) : []),
  ]
}
