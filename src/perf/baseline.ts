/**
 * The committed baseline: a run record saved where it can be committed (default
 * `pgtestbed.perf-baseline.json` at the project root), never overwritten without `force`.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { PerfError } from './perf-error.js'
import type { RunRecord } from './record.js'
import { listRuns, readRun } from './run-record.js'

/** Default baseline file name, at the project root. */
export const BASELINE_FILE = 'pgtestbed.perf-baseline.json'

/** The newest run under `dir`, or a clear error when there is none. */
export function latestRun(dir: string): { run: RunRecord; file: string } {
  const file = listRuns(dir).at(-1)
  if (file === undefined)
    throw new PerfError(
      'PGT_PERF_NO_RUN',
      `No perf run recorded under ${dir}/runs. Run the suite with tracking on first: \`pgtestbed run --perf -- npx vitest run\` (or PGTESTBED_PERF=1 npx vitest run, or perf: true in pgtestbed.config.ts).`,
    )
  return { run: readRun(file), file }
}

/**
 * Saves `run` as the baseline at `file`; refuses to replace an existing one without `force`.
 *
 * @example
 * saveBaseline(latestRun('.pgtestbed/perf').run, 'pgtestbed.perf-baseline.json', { force: false })
 */
export function saveBaseline(run: RunRecord, file: string, options: { force: boolean }): void {
  if (existsSync(file) && !options.force)
    throw new PerfError(
      'PGT_PERF_BASELINE',
      `${file} already exists. Pass --force to replace the baseline with this run (review the counts first with \`pgtestbed perf report\`).`,
    )
  mkdirSync(dirname(file), { recursive: true })
  // Times are kept for reference; only counts are compared against a baseline.
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`)
}

/** The baseline at `file`, or undefined (with the reason) when there is none yet. */
export function loadBaseline(file: string): { run: RunRecord } | { missing: string } {
  if (!existsSync(file))
    return {
      missing: `No baseline at ${file} yet: counts are not compared. Save one with \`pgtestbed perf baseline\` and commit it.`,
    }
  return { run: readRun(file) }
}

/**
 * The baseline a command uses when none is named: with `PGTESTBED_TIER` set (each tier job of
 * the generated workflow sets it), `pgtestbed.perf-baseline.<tier>.json`, since a tier's data
 * changes its counts. Reading falls back to the plain file while no tier baseline exists;
 * saving always writes the tier's own.
 *
 * @example
 * const file = defaultBaseline(process.cwd(), process.env, 'read')
 */
export function defaultBaseline(cwd: string, env: NodeJS.ProcessEnv, use: 'read' | 'save'): string {
  const tier = env['PGTESTBED_TIER']
  const plain = resolve(cwd, BASELINE_FILE)
  if (tier === undefined || tier === '') return plain
  const own = resolve(cwd, BASELINE_FILE.replace(/\.json$/, `.${tier}.json`))
  return use === 'save' || existsSync(own) ? own : plain
}
