/**
 * Where a run's per-test records get gathered into a run record: `pgtestbed run --perf` (around
 * its command) and the vitest global setup (at teardown, unless `pgtestbed run` owns the run).
 * @module
 */
import { perfEnv, perfSettings } from './perf-options.js'
import { summaryLine } from './report/terminal-report.js'
import { finishRun } from './run-record.js'

/** Set by `pgtestbed run --perf` so nested global setups leave the gathering to it. */
const OWNER = 'PGTESTBED_PERF_OWNER'

/**
 * Perf for one `pgtestbed run`: the environment for its command, and `finish()` to write the
 * run record (returns a one-line summary to print, or undefined).
 *
 * @example
 * const perf = perfRun({ enabled: true, cwd, env, runId })
 * spawn(cmd, { env: { ...env, ...perf.env } }); perf.finish()
 */
export function perfRun(options: { enabled: boolean; cwd: string; env: NodeJS.ProcessEnv; runId: string }): {
  env: Record<string, string>
  finish(): string | undefined
} {
  const settings = perfSettings({ ...options.env, PGTESTBED_RUN_ID: options.runId }, options.cwd)
  if (!options.enabled && !settings.enabled) return { env: {}, finish: () => undefined }
  return {
    env: { ...perfEnv(settings.dir), [OWNER]: 'run' },
    finish() {
      const done = finishRun({ dir: settings.dir, runId: options.runId, cwd: options.cwd })
      return done === undefined ? undefined : `${summaryLine(done.run)} (${done.file})`
    },
  }
}

/**
 * At the end of a vitest run: gather this run's records (unless `pgtestbed run` will) and print
 * a one-line summary to stderr.
 *
 * @example
 * return async () => { await bed.close(); finishPerfAtTeardown() }
 */
export function finishPerfAtTeardown(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  configured = false,
): void {
  const settings = perfSettings(env, cwd, configured)
  if (!settings.enabled || env[OWNER] === 'run') return
  const done = finishRun({ dir: settings.dir, runId: settings.runId, cwd })
  if (done !== undefined) process.stderr.write(`pgtestbed perf: ${summaryLine(done.run)} (${done.file})\n`)
}
