/**
 * How well `compareTimes` separates real slowdowns from CI noise: over seeded runs of a 200-test
 * suite measured for k interleaved rounds (base and current on the same "machine"), how often a
 * run with NO change raises any alarm (false-alarm rate) and how often a 2× slowdown of ONE test
 * is caught (catch rate). Three detectors side by side, in the same run:
 *   - naive: raw times, per-test Mann–Whitney p < 0.05 and ratio ≥ 1.5 (the earlier attempt);
 *   - BH only: raw times, Benjamini–Hochberg-corrected p;
 *   - pgtestbed: per-round normalisation by the round's median + BH (what `compareTimes` does).
 *
 * The noise model is deliberately harsher than the runs measured on the shared 2-core machine:
 * per-round machine factor (lognormal σ 0.30, shared by both sides of a round), a drift between
 * the two sides of a round (σ 0.08), a noisy neighbour slowing one side of a round by 1.5–2.5×
 * (each side with probability 1/8), per-measurement noise (σ 0.15), and 3 % spikes of 2–4×
 * (a GC pause).
 *
 *   npx jiti bench/perf-detection.ts [runs=20] [rounds=15] [tests=200]
 */

import { keyedStream, type Random } from '../src/internal/seeded-random.js'
import { compareTimes } from '../src/perf/compare-times.js'

const runs = Number(process.argv[2] ?? 20)
const rounds = Number(process.argv[3] ?? 15)
const tests = Number(process.argv[4] ?? 200)

function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** One simulated A/B job: k rounds of base and current, `slow` tests slowed by `factor`. */
function simulate(seed: number, slow: ReadonlySet<string>, factor: number) {
  const random = keyedStream(seed)
  const means = Array.from({ length: tests }, () => Math.exp(Math.log(5) + random() * Math.log(40))) // 5–200 ms
  return Array.from({ length: rounds }, () => {
    const machine = Math.exp(0.3 * gaussian(random))
    // A noisy neighbour: in a quarter of the rounds one side runs 1.5–2.5× slower throughout.
    const burst = () => (random() < 0.125 ? 1.5 + random() : 1)
    const side = () => machine * Math.exp(0.08 * gaussian(random)) * burst()
    const measure = (mean: number, drift: number) => {
      const spike = random() < 0.03 ? 2 + 2 * random() : 1
      return mean * drift * Math.exp(0.15 * gaussian(random)) * spike
    }
    const baseDrift = side()
    const currentDrift = side()
    const base: Record<string, number> = {}
    const current: Record<string, number> = {}
    means.forEach((mean, i) => {
      const name = `t${i}`
      base[name] = measure(mean, baseDrift)
      current[name] = measure(mean, currentDrift) * (slow.has(name) ? factor : 1)
    })
    return { base, current }
  })
}

const detectors = {
  naive: { normalise: false, correct: false },
  'BH only': { normalise: false, correct: true },
  pgtestbed: { normalise: true, correct: true },
} as const

const started = performance.now()
const results = Object.keys(detectors).map((name) => ({ name, falseAlarmRuns: 0, falseFlags: 0, caught: 0 }))
for (let run = 0; run < runs; run++) {
  const quiet = simulate(1000 + run, new Set(), 1)
  const slowTest = `t${(run * 37) % tests}`
  const slowed = simulate(5000 + run, new Set([slowTest]), 2)
  Object.values(detectors).forEach((options, i) => {
    const r = results[i] as (typeof results)[number]
    const a = compareTimes(quiet, options)
    if (a.regressions.length > 0) r.falseAlarmRuns++
    r.falseFlags += a.regressions.length
    const b = compareTimes(slowed, options)
    if (b.regressions.some((t) => t.test === slowTest)) r.caught++
    r.falseFlags += b.regressions.filter((t) => t.test !== slowTest).length
  })
}
const ms = performance.now() - started

console.log(
  `perf-detection: ${runs} seeded runs per case, ${tests} tests, ${rounds} interleaved rounds, threshold 1.5×`,
)
console.log('detector      false alarms (no change)   caught (one test 2× slower)   wrongly flagged tests')
for (const r of results)
  console.log(
    `${r.name.padEnd(12)}  ${`${r.falseAlarmRuns}/${runs}`.padEnd(25)}  ${`${r.caught}/${runs}`.padEnd(28)}  ${r.falseFlags}`,
  )
console.log(`analysis time: ${(ms / (runs * 2 * results.length)).toFixed(1)} ms per comparison`)
