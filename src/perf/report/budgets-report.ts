/**
 * The budget check rendered for the terminal, Markdown ($GITHUB_STEP_SUMMARY, a PR comment)
 * and GitHub annotations, in the wording of the other perf reports.
 * @module
 */
import type { BudgetBreach, BudgetsReport } from '../check-budgets.js'
import { githubCommand } from './annotations.js'

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** `test a > b: p95 412 ms > budget 300 ms (5 samples)` */
export function breachLine(b: BudgetBreach): string {
  if (b.figure === 'perTest') {
    const where = b.scope === 'suite' ? 'the suite' : `file ${b.name}`
    return `a test of ${where} averages ${b.actualMs} ms > budget perTest ${b.budgetMs} ms (${b.samples} ${b.samples === 1 ? 'run' : 'samples'})`
  }
  const what = b.scope === 'suite' ? 'suite total' : b.scope === 'file' ? `file ${b.name} total` : b.name
  return `${what}: ${b.figure} ${b.actualMs} ms > budget ${b.budgetMs} ms (${b.samples} ${b.samples === 1 ? 'run' : 'samples'})`
}

/** Terminal lines. */
export function budgetsTerminal(report: BudgetsReport): string {
  const lines = [
    report.breaches.length === 0
      ? `perf budgets: ${report.checked} figures within budget over ${report.samples} ${report.samples === 1 ? 'run' : 'samples'}`
      : `perf budgets: ${report.breaches.length} over budget (of ${report.checked} checked)`,
    ...report.breaches.map((b) => `  OVER BUDGET ${breachLine(b)}`),
    ...report.notes.map((n) => `  note: ${n}`),
  ]
  return `${lines.join('\n')}\n`
}

/** Markdown section. */
export function budgetsMarkdown(report: BudgetsReport): string {
  const out = ['### Time budgets', '']
  if (report.breaches.length === 0)
    out.push(`${report.checked} figures within budget over ${report.samples} sample(s). ✅`, '')
  else {
    out.push('| scope | name | figure | now | budget |', '|---|---|---|---:|---:|')
    for (const b of report.breaches)
      out.push(`| ${b.scope} | ${cell(b.name)} | ${b.figure} | ${b.actualMs} ms | ${b.budgetMs} ms |`)
    out.push('')
  }
  for (const note of report.notes) out.push(`> ${note}`, '')
  return `${out.join('\n')}\n`
}

/** One `::error` per breach, on the test's file and line when known. */
export function budgetsAnnotations(report: BudgetsReport): string[] {
  return report.breaches.map((b) =>
    githubCommand('error', { file: b.file, line: b.line }, `over budget: ${breachLine(b)}`),
  )
}
