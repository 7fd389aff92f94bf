/**
 * `perf check` as a library function: the config's `perfBudgets` held against the newest run
 * (or given runs, or the newest N as N samples).
 * @module
 */
import { appendFileSync } from 'node:fs'
import type { PerfBudgets } from '../config/config.js'
import { resolveConfig } from '../config/resolve-config.js'
import { type BudgetsReport, checkBudgets } from './check-budgets.js'
import { PerfError } from './perf-error.js'
import { perfSettings } from './perf-options.js'
import { gatherPending } from './perf-report.js'
import { budgetsAnnotations, budgetsMarkdown, budgetsTerminal } from './report/budgets-report.js'
import { listRuns, readRun } from './run-record.js'

/** Options of perfCheck. */
export interface PerfCheckOptions {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** Run files to check (each one sample); default: the newest `last` runs. */
  readonly runs?: readonly string[]
  /** How many of the newest runs to take as samples; default 1. */
  readonly last?: number
  /** Budgets to use instead of the config's `perfBudgets`. */
  readonly budgets?: PerfBudgets
  /** Append Markdown here. */
  readonly markdown?: string
}

/** What perfCheck returns. */
export interface PerfCheck {
  readonly runFiles: readonly string[]
  readonly report: BudgetsReport
  readonly terminal: string
  readonly markdown: string
  readonly annotations: readonly string[]
}

/**
 * Checks recorded runs against the time budgets of the config.
 *
 * @example
 * const { report } = await perfCheck({ cwd: process.cwd(), env: process.env })
 * if (report.breaches.length > 0) process.exitCode = 1
 */
export async function perfCheck(options: PerfCheckOptions): Promise<PerfCheck> {
  const budgets = options.budgets ?? (await configuredBudgets(options))
  const dir = perfSettings(options.env, options.cwd).dir
  gatherPending(dir, options.cwd)
  const files = options.runs ?? listRuns(dir).slice(-(options.last ?? 1))
  if (files.length === 0)
    throw new PerfError(
      'PGT_PERF_NO_RUN',
      `No perf run recorded under ${dir}/runs to check. Run the suite with tracking on first (perf: true in the config, or PGTESTBED_PERF=1).`,
    )
  const report = checkBudgets(budgets, files.map(readRun))
  const markdown = budgetsMarkdown(report)
  if (options.markdown !== undefined) appendFileSync(options.markdown, markdown)
  return {
    runFiles: files,
    report,
    terminal: budgetsTerminal(report),
    markdown,
    annotations: budgetsAnnotations(report),
  }
}

async function configuredBudgets(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<PerfBudgets> {
  const config = await resolveConfig({ cwd: options.cwd, env: options.env })
  if (Object.keys(config.perfBudgets).length === 0)
    throw new PerfError(
      'PGT_PERF_NO_BUDGETS',
      `No perfBudgets in ${config.configFile ?? 'pgtestbed.config.ts (none found)'}. Add e.g. perfBudgets: { test: { p95: 300 }, suite: { p50: 480000 } } (docs/perf.md).`,
    )
  return config.perfBudgets
}
