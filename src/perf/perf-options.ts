/**
 * Whether per-test performance tracking is on, and where its files go. Switched on by
 * `PGTESTBED_PERF=1` (what `pgtestbed run --perf` sets for the test processes, so workers of
 * any runner see it without extra wiring), or by `perf: true` in the config when that variable
 * is not set.
 * @module
 */
import { join } from 'node:path'
import { perfFlag } from '../internal/perf-flag.js'

/** Tracking settings read from the environment. */
export interface PerfSettings {
  readonly enabled: boolean
  /** Directory holding `pending/`, `runs/` and `baseline.json`. */
  readonly dir: string
  /** Run id naming this run's pending records. */
  readonly runId: string
  /** A normalized query run at least this many times in one test is an N+1 hint. */
  readonly nPlusOne: number
}

/**
 * The settings for this process (default dir: `.pgtestbed/perf` under `cwd`); `configured` is
 * the config's `perf`, used when `PGTESTBED_PERF` is not set.
 */
export function perfSettings(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  configured = false,
): PerfSettings {
  const n = Number(env['PGTESTBED_PERF_N_PLUS_ONE'] ?? 10)
  return {
    enabled: perfFlag(env) ?? configured,
    dir: env['PGTESTBED_PERF_DIR'] ?? join(cwd, '.pgtestbed', 'perf'),
    runId: env['PGTESTBED_RUN_ID'] ?? 'local',
    nPlusOne: Number.isInteger(n) && n > 1 ? n : 10,
  }
}

/** Environment that switches tracking on for child test processes. */
export function perfEnv(dir: string): Record<string, string> {
  return { PGTESTBED_PERF: '1', PGTESTBED_PERF_DIR: dir }
}
