/**
 * `perf ab` as a library function: the base ref (in a temporary git worktree) and the current
 * checkout run the same test command interleaved for k rounds on this machine, with tracking
 * on; their per-test times go to compareTimes, and the current side's rounds to the config's
 * budgets. The worktree is removed whatever happens (a failure, an abort).
 * @module
 */
import { appendFileSync } from 'node:fs'
import { resolveConfig } from '../config/resolve-config.js'
import { checkoutBase, type InstallStep } from './ab/base-worktree.js'
import { runSide } from './ab/run-side.js'
import { type BudgetsReport, checkBudgets } from './check-budgets.js'
import { type AbRound, compareTimes, type TimesReport } from './compare-times.js'
import { PerfError } from './perf-error.js'
import type { RunRecord } from './record.js'
import { abAnnotations, abMarkdown, abTerminal } from './report/ab-report.js'
import { testMs } from './report/run-summary.js'

/** Rounds by default: with fewer, one slowed test in a 200-test suite cannot pass the corrected rank test (docs/benchmarks.md). */
export const DEFAULT_ROUNDS = 15

/** Options of perfAb. */
export interface PerfAbOptions {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** The git ref to compare against (a branch, tag or commit). */
  readonly base: string
  /** The test command, e.g. `['npx', 'vitest', 'run']`. */
  readonly command: readonly string[]
  /** Interleaved rounds; default 15. */
  readonly rounds?: number
  /** Slowdown ratio a test must reach; default 1.5. */
  readonly threshold?: number
  /** False-discovery rate of the rank test; default 0.05. */
  readonly alpha?: number
  /** Dependencies of the base: `auto` (link node_modules when the lock file is the same, else `npm ci`), `none`, or a command. */
  readonly install?: InstallStep
  /** Append Markdown here. */
  readonly markdown?: string
  readonly signal?: AbortSignal
  /** Progress lines. */
  readonly log?: (line: string) => void
}

/** What perfAb returns. */
export interface PerfAb {
  readonly base: { readonly ref: string; readonly commit: string; readonly install: string }
  readonly times: TimesReport
  /** Every round's per-test times (ms), base and current: the raw data, to re-analyse. */
  readonly measured: readonly AbRound[]
  /** The config's budgets on the current side (one sample per round), when it has any. */
  readonly budgets: BudgetsReport | undefined
  /** Wall time: the whole comparison, and each side's runs. */
  readonly ms: {
    readonly total: number
    readonly base: readonly number[]
    readonly current: readonly number[]
  }
  readonly failed: boolean
  readonly terminal: string
  readonly markdown: string
  readonly annotations: readonly string[]
}

/**
 * Runs base and current interleaved and compares their per-test times.
 *
 * @example
 * const ab = await perfAb({ cwd, env: process.env, base: 'main', command: ['npx', 'vitest', 'run'] })
 * if (ab.failed) process.exitCode = 1
 */
export async function perfAb(options: PerfAbOptions): Promise<PerfAb> {
  const rounds = options.rounds ?? DEFAULT_ROUNDS
  if (!Number.isInteger(rounds) || rounds < 2)
    throw new PerfError(
      'PGT_PERF_AB',
      `rounds is ${rounds}; perf ab needs a whole number of rounds, 2 or more (default ${DEFAULT_ROUNDS}).`,
    )
  if (options.command.length === 0)
    throw new PerfError('PGT_PERF_AB', 'perf ab needs the test command after --, e.g. -- npx vitest run.')
  const started = performance.now()
  const config = await resolveConfig({ cwd: options.cwd, env: options.env })
  const log = options.log ?? (() => undefined)
  log(`perf ab: checking out ${options.base}`)
  const base = await checkoutBase({
    cwd: options.cwd,
    ref: options.base,
    install: options.install ?? 'auto',
    ...(options.signal ? { signal: options.signal } : {}),
  })
  const measured: AbRound[] = []
  const currentRuns: RunRecord[] = []
  const ms = { base: [] as number[], current: [] as number[] }
  try {
    log(`perf ab: base ${base.commit.slice(0, 10)} (dependencies: ${base.install}), ${rounds} rounds`)
    for (let r = 0; r < rounds; r++) {
      // Alternate who goes first, so a warm-up or cool-down effect falls on both sides.
      const order = r % 2 === 0 ? (['base', 'current'] as const) : (['current', 'base'] as const)
      const times: Partial<Record<'base' | 'current', Record<string, number>>> = {}
      for (const side of order) {
        const done = await runSide({
          command: options.command,
          cwd: side === 'base' ? base.cwd : options.cwd,
          env: options.env,
          label: `${side} (round ${r + 1})`,
          ...(options.signal ? { signal: options.signal } : {}),
        })
        times[side] = Object.fromEntries(done.run.tests.map((t) => [t.id, testMs(t)]))
        ms[side].push(Math.round(done.ms))
        if (side === 'current') currentRuns.push(done.run)
      }
      measured.push({ base: times.base ?? {}, current: times.current ?? {} })
      log(`perf ab: round ${r + 1}/${rounds}: base ${ms.base.at(-1)} ms, current ${ms.current.at(-1)} ms`)
    }
  } finally {
    await base.remove()
  }
  const times = compareTimes(measured, {
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
  })
  const budgets =
    Object.keys(config.perfBudgets).length > 0 ? checkBudgets(config.perfBudgets, currentRuns) : undefined
  const result = {
    base: { ref: options.base, commit: base.commit, install: base.install },
    times,
    measured,
    budgets,
    ms: { total: Math.round(performance.now() - started), ...ms },
    failed: times.regressions.length > 0 || times.suiteRegressed || (budgets?.breaches.length ?? 0) > 0,
  }
  const markdown = abMarkdown(result)
  if (options.markdown !== undefined) appendFileSync(options.markdown, markdown)
  return {
    ...result,
    terminal: abTerminal(result),
    markdown,
    annotations: abAnnotations(result, currentRuns),
  }
}
