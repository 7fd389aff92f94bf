/**
 * `perf ab` on real runs, then its detection rates on suites built from that real noise.
 *
 * 1. A temp git repository with a `tests`-test node:test suite (queries of different weights
 *    against pgtestbed's per-test databases); `perfAb` against its own HEAD (no change) for
 *    `realRounds` rounds: the wall time `perf ab` costs, and real per-test times of two
 *    identical sides.
 * 2. The noise of those runs, taken apart: per test and round, log(time / the test's median
 *    on that side) = a round factor of the side (the median over tests) + a residual. Synthetic
 *    200-test A/B jobs then draw test means from the real medians, round factors and residuals
 *    from the real ones (bootstrap, seeded), for k rounds.
 * 3. 20 jobs with no change (any alarm is a false alarm) and 20 with one test of 200 made 2×
 *    slower on the current side (caught or not), through compareTimes as `perf ab` calls it.
 *
 *   npx jiti bench/perf-ab-rates.ts [realRounds=10] [tests=20] [k=5,10,15]
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { keyedStream, type Random } from '../src/internal/seeded-random.js'
import { type AbRound, compareTimes } from '../src/perf/compare-times.js'
import { perfAb } from '../src/perf/perf-ab.js'
import { median } from '../src/perf/stats/median.js'

const realRounds = Number(process.argv[2] ?? 10)
const tests = Number(process.argv[3] ?? 20)
const ks = (process.argv[4] ?? '5,10,15').split(',').map(Number)
const REPO = fileURLToPath(new URL('..', import.meta.url))

// 1. Real runs.
const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-bench-ab-'))
mkdirSync(join(dir, 'node'))
mkdirSync(join(dir, 'migrations'))
mkdirSync(join(dir, 'node_modules'))
symlinkSync(REPO, join(dir, 'node_modules', 'pgtestbed'))
writeFileSync(join(dir, 'package.json'), '{ "name": "bench-ab", "type": "module", "private": true }')
writeFileSync(join(dir, '.gitignore'), 'node_modules\n.pgtestbed\n')
writeFileSync(
  join(dir, 'migrations', '001_items.sql'),
  'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, n int NOT NULL);',
)
// Tests of different weights: inserts, an aggregate, a few lookups — 5 to ~100 ms each.
writeFileSync(
  join(dir, 'node', 'suite.test.js'),
  `import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
for (let i = 0; i < ${tests}; i++)
  test(\`t\${i}\`, withDatabase(async (db) => {
    await db.query("INSERT INTO items (name, n) SELECT 'x' || g, g FROM generate_series(1, $1) g", [200 * (i + 1) * (i % 4 + 1)])
    await db.query('SELECT n % 7 AS k, count(*) FROM items GROUP BY 1')
    for (let j = 0; j < i % 5; j++) await db.query('SELECT * FROM items WHERE id = $1', [j])
  }))
`,
)
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', ...args], { cwd: dir, stdio: 'ignore' })
git('init', '-q')
git('add', '-A')
git('commit', '-qm', 'bench')
const cli = join(REPO, 'bin', 'pgtestbed.js')
let real: Awaited<ReturnType<typeof perfAb>>
try {
  real = await perfAb({
    cwd: dir,
    env: { ...process.env, PGTESTBED_PERF: '' },
    base: 'HEAD',
    rounds: realRounds,
    command: [process.execPath, cli, 'run', '--', process.execPath, '--test', 'node/'],
    log: (line) => console.error(line),
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const sides = [...real.ms.base, ...real.ms.current]
console.log(
  `real perf ab (no change): ${tests} tests, ${realRounds} rounds, ${(real.ms.total / 1000).toFixed(1)} s in all; one side's run: median ${median(sides)} ms (${Math.min(...sides)}–${Math.max(...sides)}); regressions flagged: ${real.times.regressions.length}`,
)

// 2. The real noise, taken apart.
const names = Object.keys(real.measured[0]?.base ?? {})
const logs = (side: 'base' | 'current') =>
  names.map((n) => {
    const times = real.measured.map((r) => r[side][n] as number)
    const m = median(times)
    return { mean: m, logs: times.map((t) => Math.log(t / m)) }
  })
const means: number[] = []
const roundFactors: number[] = []
const residuals: number[] = []
for (const side of ['base', 'current'] as const) {
  const perTest = logs(side)
  for (const t of perTest) means.push(t.mean)
  for (let r = 0; r < real.measured.length; r++) {
    const factor = median(perTest.map((t) => t.logs[r] as number))
    roundFactors.push(factor)
    for (const t of perTest) residuals.push((t.logs[r] as number) - factor)
  }
}
const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return `p5 ${s[Math.floor(0.05 * s.length)]?.toFixed(3)}, p95 ${s[Math.floor(0.95 * s.length)]?.toFixed(3)}`
}
console.log(
  `real noise (log ratios): round factor ${spread(roundFactors)}; per-test residual ${spread(residuals)}; test medians ${Math.min(...means).toFixed(1)}–${Math.max(...means).toFixed(1)} ms`,
)

// 3. Synthetic jobs from that noise.
const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
function job(seed: number, k: number, slow: string | undefined): AbRound[] {
  const random = keyedStream(seed, k)
  const suite = Array.from({ length: 200 }, () => pick(random, means))
  return Array.from({ length: k }, () => {
    const side = (slowed: boolean) => {
      const factor = Math.exp(pick(random, roundFactors))
      return Object.fromEntries(
        suite.map((mean, i) => {
          const name = `t${i}`
          const t = mean * factor * Math.exp(pick(random, residuals))
          return [name, slowed && name === slow ? 2 * t : t]
        }),
      )
    }
    return { base: side(false), current: side(true) }
  })
}
console.log('rounds  false alarms (no change)  caught (one test of 200, 2×)  est. perf ab time (this suite)')
for (const k of ks) {
  let alarms = 0
  let caught = 0
  for (let run = 0; run < 20; run++) {
    if (compareTimes(job(1000 + run, k, undefined)).regressions.length > 0) alarms++
    const slow = `t${(run * 37) % 200}`
    if (compareTimes(job(5000 + run, k, slow)).regressions.some((t) => t.test === slow)) caught++
  }
  console.log(
    `${String(k).padEnd(6)}  ${`${alarms}/20`.padEnd(24)}  ${`${caught}/20`.padEnd(28)}  ${((2 * k * median(sides)) / 1000).toFixed(0)} s`,
  )
}
