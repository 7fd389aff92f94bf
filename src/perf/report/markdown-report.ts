/**
 * Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
 * @module
 */
import type { CountsReport } from '../compare-counts.js'
import type { TimesReport } from '../compare-times.js'
import type { RunRecord } from '../record.js'
import { runFigures, statementsText, testMs } from './run-summary.js'
import { oneLine } from './terminal-report.js'

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/**
 * Renders a run, and optionally its count and time comparisons, as Markdown.
 *
 * @example
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdownReport(run, { counts }))
 */
export function markdownReport(
  run: RunRecord,
  extra: { counts?: CountsReport; times?: TimesReport } = {},
): string {
  const f = runFigures(run)
  const out = [
    '## pgtestbed perf',
    '',
    `${f.tests} tests (${f.failed} failed) · ${f.totalMs} ms in tests · p50 ${f.p50Ms} ms · p95 ${f.p95Ms} ms · ${statementsText(f)} · PostgreSQL ${run.machine.postgres ?? '?'} · Node ${run.machine.node}`,
    '',
    ...(f.countsMissing === undefined ? [] : [`Note: ${f.countsMissing}`, '']),
  ]
  if (extra.counts !== undefined) {
    out.push('### Counts vs baseline', '')
    if (extra.counts.regressions.length === 0) out.push('No count grew past its slack. ✅', '')
    else {
      out.push('| test | metric | baseline | now |', '|---|---|---:|---:|')
      for (const r of extra.counts.regressions)
        out.push(`| ${cell(r.test)} | ${r.metric} | ${r.baseline} | ${r.current} |`)
      out.push('')
    }
    for (const note of extra.counts.notes) out.push(`> ${note}`, '')
  }
  if (extra.times !== undefined) {
    const t = extra.times
    out.push(`### Times (${t.rounds} interleaved rounds, threshold ${t.threshold}×, FDR ${t.alpha})`, '')
    out.push(`Suite: ${t.suiteRatio.toFixed(2)}× the base.`, '')
    if (t.regressions.length > 0) {
      out.push('| test | base ms | now ms | ratio | p | q (BH) |', '|---|---:|---:|---:|---:|---:|')
      for (const r of t.regressions)
        out.push(
          `| ${cell(r.test)} | ${r.baseMedianMs.toFixed(1)} | ${r.currentMedianMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.p.toExponential(1)} | ${r.q.toExponential(1)} |`,
        )
      out.push('')
    } else out.push('No test slowed past the threshold with significance. ✅', '')
  }
  out.push('### Slowest tests', '', '| test | ms | calls | blocks |', '|---|---:|---:|---:|')
  for (const t of f.slowest)
    out.push(
      `| ${cell(t.id)} | ${testMs(t).toFixed(1)} | ${t.counts?.calls ?? '–'} | ${t.counts?.blocks ?? '–'} |`,
    )
  out.push('')
  if (f.nPlusOne.length > 0) {
    out.push('### N+1 hints', '')
    for (const t of f.nPlusOne)
      for (const q of t.nPlusOne) out.push(`- ${cell(t.id)}: ${q.calls}× \`${cell(oneLine(q.query, 80))}\``)
    out.push('')
  }
  return `${out.join('\n')}\n`
}
