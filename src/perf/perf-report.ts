/**
 * `perf report` as a library function: gather pending records, pick a run, compare its counts
 * with the baseline, and render the requested outputs.
 * @module
 */
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { latestRun, loadBaseline } from './baseline.js'
import { type CountsReport, compareCounts } from './compare-counts.js'
import { perfSettings } from './perf-options.js'
import type { RunRecord } from './record.js'
import { githubAnnotations } from './report/annotations.js'
import { htmlReport } from './report/html-report.js'
import { junitReport } from './report/junit-report.js'
import { markdownReport } from './report/markdown-report.js'
import { terminalReport } from './report/terminal-report.js'
import { finishRun, listRuns, readRun } from './run-record.js'

/** Options of perfReport. */
export interface PerfReportOptions {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** A run file; default: the newest under the perf dir. */
  readonly run?: string
  /** The baseline file (default: pgtestbed.perf-baseline.json at `cwd`). */
  readonly baseline: string
  /** Write JUnit XML here. */
  readonly junit?: string
  /** Append Markdown here. */
  readonly markdown?: string
  /** Write the self-contained HTML report here. */
  readonly html?: string
}

/** What perfReport returns. */
export interface PerfReport {
  readonly runFile: string
  readonly run: RunRecord
  readonly counts: CountsReport | undefined
  readonly notes: readonly string[]
  readonly terminal: string
  readonly markdown: string
  readonly annotations: readonly string[]
}

/**
 * Reports the newest (or a given) run, with counts compared against the baseline when there is one.
 *
 * @example
 * const report = perfReport({ cwd, env: process.env, baseline: 'pgtestbed.perf-baseline.json' })
 */
export function perfReport(options: PerfReportOptions): PerfReport {
  const settings = perfSettings(options.env, options.cwd)
  gatherPending(settings.dir, options.cwd)
  const picked =
    options.run !== undefined ? { run: readRun(options.run), file: options.run } : latestRun(settings.dir)
  const baseline = loadBaseline(options.baseline)
  const notes: string[] = []
  let counts: CountsReport | undefined
  if ('missing' in baseline) notes.push(baseline.missing)
  else counts = compareCounts(baseline.run, picked.run)
  const markdown = markdownReport(picked.run, counts ? { counts } : {})
  if (options.junit !== undefined) writeFileSync(options.junit, junitReport(picked.run, counts))
  if (options.markdown !== undefined) appendFileSync(options.markdown, markdown)
  if (options.html !== undefined) {
    const history = listRuns(settings.dir)
      .filter((file) => file !== picked.file)
      .flatMap((file) => {
        try {
          return [readRun(file)]
        } catch {
          return [] // an unreadable old record is left out of the trend
        }
      })
    writeFileSync(options.html, htmlReport(picked.run, { history, ...(counts ? { counts } : {}) }))
  }
  return {
    runFile: picked.file,
    run: picked.run,
    counts,
    notes,
    terminal: terminalReport(picked.run, counts) + notes.map((n) => `  note: ${n}\n`).join(''),
    markdown,
    annotations: counts ? githubAnnotations(counts) : [],
  }
}

/** Runs whose records were left pending (node:test without `pgtestbed run`, a killed run) get gathered now. */
export function gatherPending(dir: string, cwd: string): void {
  let names: string[] = []
  try {
    names = readdirSync(join(dir, 'pending')).filter((f) => f.endsWith('.ndjson'))
  } catch {
    return
  }
  for (const name of names) finishRun({ dir, runId: name.slice(0, -'.ndjson'.length), cwd })
}
