// Shard balance on a suite with skewed file durations: pgtestbed shard (by recorded JUnit times)
// against vitest's own count-based --shard, in the same run. Each shard is run for real with
// vitest; its time is the sum of its files' times from its own JUnit report. Balance = the
// slowest shard / the ideal (all files' time / N); 1.00 is perfect.
//
//   npx jiti bench/shard.ts [shards=4] [repeats=3]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { planShards, readDurations } from '../src/ci/index.js'

const REPO = fileURLToPath(new URL('..', import.meta.url))
const shards = Number(process.argv[2] ?? 4)
const repeats = Number(process.argv[3] ?? 3)
// Skewed: a few long files, many short ones (ms).
const DURATIONS = [
  1600, 1400, 1200, 1000, 800, 600, 500, 400, 300, 250, 200, 150, 120, 100, 80, 60, 40, 30, 20, 10,
]

const dir = mkdtempSync(join(tmpdir(), 'pgt-bench-shard-'))
mkdirSync(join(dir, 'test'))
mkdirSync(join(dir, 'node_modules'))
symlinkSync(join(REPO, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'))
writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }')
writeFileSync(join(dir, 'vitest.config.mjs'), 'export default { test: { fileParallelism: false } }')
// Shuffled names, so neither name order nor hash order happens to match duration order.
const files = DURATIONS.map((ms, i) => {
  const file = `test/f${String((i * 7) % DURATIONS.length).padStart(2, '0')}.test.js`
  writeFileSync(
    join(dir, file),
    `import { test } from 'vitest'\ntest('sleeps', () => new Promise((r) => setTimeout(r, ${ms})))\n`,
  )
  return file
})

function vitest(args: string[], junit: string): Map<string, number> {
  const out = join(dir, junit)
  const result = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--reporter=junit',
      `--outputFile.junit=${out}`,
      ...args,
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, VITEST: undefined } as NodeJS.ProcessEnv },
  )
  if (result.status !== 0) throw new Error(`vitest failed: ${result.stderr}`)
  return new Map(readDurations([out], dir))
}

const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0)
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
const ratios = { pgtestbed: [] as number[], vitest: [] as number[] }
try {
  for (let r = 0; r < repeats; r++) {
    const recorded = vitest([], 'recorded.xml')
    const ideal = sum(recorded) / shards
    const plan = planShards(files, shards, readDurations(['recorded.xml'], dir), dir).shards
    const ours = plan.map((s, i) => sum(vitest([...s.files], `ours-${i}.xml`)))
    const theirs = Array.from({ length: shards }, (_, i) =>
      sum(vitest([`--shard=${i + 1}/${shards}`], `vitest-${i}.xml`)),
    )
    ratios.pgtestbed.push(Math.max(...ours) / ideal)
    ratios.vitest.push(Math.max(...theirs) / ideal)
    console.log(
      `run ${r + 1}: ideal ${ideal.toFixed(2)} s; pgtestbed shards ${ours.map((s) => s.toFixed(2)).join(' ')}; vitest --shard ${theirs.map((s) => s.toFixed(2)).join(' ')}`,
    )
  }
  console.log(
    `\n${DURATIONS.length} files, ${shards} shards, ${repeats} runs — slowest shard / ideal (median):`,
  )
  console.log(`  pgtestbed shard (recorded durations): ${median(ratios.pgtestbed).toFixed(2)}×`)
  console.log(`  vitest --shard (count-based):          ${median(ratios.vitest).toFixed(2)}×`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
