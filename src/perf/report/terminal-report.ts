/**
 * The terminal summary of a run (and of its comparison with the baseline).
 * @module
 */
import type { CountsReport } from '../compare-counts.js'
import type { RunRecord } from '../record.js'
import { runFigures, statementsText, testMs } from './run-summary.js'

/** One line: tests, total, p50/p95, statements. */
export function summaryLine(run: RunRecord): string {
  const f = runFigures(run)
  return `${f.tests} tests recorded, ${f.totalMs} ms in tests (p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms), ${statementsText(f)}`
}

/**
 * The terminal report: summary, time by phase, slowest tests, N+1 hints, count regressions.
 *
 * @example
 * process.stdout.write(terminalReport(run, compareCounts(baseline, run)))
 */
export function terminalReport(run: RunRecord, counts?: CountsReport): string {
  const f = runFigures(run)
  const lines = [
    `perf: ${summaryLine(run)}`,
    `  phases: acquire ${f.phases.acquire} ms, body ${f.phases.body} ms, release ${f.phases.release} ms`,
    ...(f.countsMissing === undefined ? [] : [`  note: ${f.countsMissing}`]),
    '  slowest:',
    ...f.slowest
      .slice(0, 5)
      .map(
        (t) =>
          `    ${testMs(t).toFixed(1).padStart(8)} ms  ${t.id}${t.counts ? `  (${t.counts.calls} calls, ${t.counts.blocks} blocks)` : ''}`,
      ),
  ]
  for (const t of f.nPlusOne)
    for (const q of t.nPlusOne) lines.push(`  N+1? ${t.id}: ${q.calls}× ${oneLine(q.query)}`)
  if (counts !== undefined) {
    if (counts.regressions.length === 0) lines.push('  counts: no regression against the baseline')
    for (const r of counts.regressions)
      lines.push(`  REGRESSION ${r.test}: ${r.metric} ${r.baseline} → ${r.current}`)
    for (const note of counts.notes) lines.push(`  note: ${note}`)
  }
  return `${lines.join('\n')}\n`
}

export function oneLine(sql: string, max = 100): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
