/**
 * Times compared within one job: base and current ran interleaved for k rounds on the same
 * machine. A test is flagged only when its (normalised) median slowed by the threshold AND a
 * one-sided Mann–Whitney test, corrected for testing hundreds of tests at once
 * (Benjamini–Hochberg), says it is not noise.
 *
 * Per-run normalisation: every time of one side of round r is divided by the median time of
 * that side's tests in round r (one regressed test barely moves a median of hundreds), so a
 * machine-wide slowdown while one side ran (another job on the runner, a CPU throttle) cancels
 * out instead of looking like a regression. That also cancels a slowdown of the whole suite,
 * so the suite is checked on its own: per-round totals, same threshold, same rank test.
 * @module
 */
import { benjaminiHochberg } from './stats/benjamini-hochberg.js'
import { mannWhitneyGreater } from './stats/mann-whitney.js'
import { median } from './stats/median.js'

/** One round: each test's time (ms) in the base run and in the current run. */
export interface AbRound {
  readonly base: Readonly<Record<string, number>>
  readonly current: Readonly<Record<string, number>>
}

/** Options of compareTimes. */
export interface CompareTimesOptions {
  /** Slowdown ratio (current / base median) a test must reach; default 1.5. */
  readonly threshold?: number
  /** False-discovery rate for the BH-corrected rank test; default 0.05. */
  readonly alpha?: number
  /** Divide by the round's reference median (default true). */
  readonly normalise?: boolean
  /** Apply Benjamini–Hochberg (default true); false = raw p-values (for the benchmark's comparison). */
  readonly correct?: boolean
}

/** The evidence for one test. */
export interface TimeComparison {
  readonly test: string
  readonly baseMedianMs: number
  readonly currentMedianMs: number
  /** Ratio of normalised medians. */
  readonly ratio: number
  readonly p: number
  /** BH-adjusted p (equals p when correction is off). */
  readonly q: number
  readonly regressed: boolean
}

/** The outcome of an A/B comparison. */
export interface TimesReport {
  readonly kind: 'perf-ab'
  readonly rounds: number
  readonly threshold: number
  readonly alpha: number
  readonly tests: readonly TimeComparison[]
  readonly regressions: readonly TimeComparison[]
  /** Median suite total, current / base (raw times: a suite-wide slowdown shows here). */
  readonly suiteRatio: number
  /** One-sided Mann–Whitney p of the per-round suite totals. */
  readonly suiteP: number
  readonly suiteRegressed: boolean
}

/**
 * Compares per-test times over interleaved rounds.
 *
 * @example
 * const report = compareTimes([{ base: { t: 10 }, current: { t: 21 } }, ...], { threshold: 1.5 })
 * report.regressions.map((r) => r.test)
 */
export function compareTimes(rounds: readonly AbRound[], options: CompareTimesOptions = {}): TimesReport {
  const threshold = options.threshold ?? 1.5
  const alpha = options.alpha ?? 0.05
  const normalise = options.normalise ?? true
  const names = [...new Set(rounds.flatMap((r) => Object.keys(r.base)))].filter((n) =>
    rounds.every((r) => r.base[n] !== undefined && r.current[n] !== undefined),
  )
  const scaleOf = (times: Readonly<Record<string, number>>) =>
    normalise ? median(Object.values(times)) || 1 : 1
  const baseScale = rounds.map((r) => scaleOf(r.base))
  const currentScale = rounds.map((r) => scaleOf(r.current))
  const raw = names.map((test) => {
    const base = rounds.map((r, i) => (r.base[test] as number) / (baseScale[i] as number))
    const current = rounds.map((r, i) => (r.current[test] as number) / (currentScale[i] as number))
    return {
      test,
      baseMedianMs: median(rounds.map((r) => r.base[test] as number)),
      currentMedianMs: median(rounds.map((r) => r.current[test] as number)),
      ratio: median(current) / median(base),
      p: mannWhitneyGreater(base, current).p,
    }
  })
  const q = options.correct === false ? raw.map((r) => r.p) : benjaminiHochberg(raw.map((r) => r.p))
  const tests = raw.map((r, i) => {
    const qi = q[i] as number
    return { ...r, q: qi, regressed: r.ratio >= threshold && qi < alpha }
  })
  const baseTotals = rounds.map((r) => sumOf(r.base, names))
  const currentTotals = rounds.map((r) => sumOf(r.current, names))
  const suiteRatio = median(currentTotals) / Math.max(median(baseTotals), Number.EPSILON)
  const suiteP = mannWhitneyGreater(baseTotals, currentTotals).p
  return {
    kind: 'perf-ab',
    rounds: rounds.length,
    threshold,
    alpha,
    tests,
    regressions: tests.filter((t) => t.regressed),
    suiteRatio,
    suiteP,
    suiteRegressed: suiteRatio >= threshold && suiteP < alpha,
  }
}

function sumOf(times: Readonly<Record<string, number>>, names: readonly string[]): number {
  return names.reduce((s, n) => s + (times[n] ?? 0), 0)
}
