/**
 * Per-test-file overhead of the runner integrations: a fresh process imports the integration,
 * attaches to the run a global setup prepared, and gets its first database with a first query.
 * The lean path (the run's handoff, `PGTESTBED_HANDOFF`) against the full one (only the server
 * URL and run id: config file, template inputs and engine code loaded in every process), in one
 * run; `pg` alone for scale.
 *
 *   npm run build && npx jiti bench/worker-attach.ts [rounds]
 */
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { BENCH_PROJECT } from '../src/bench/provision.js'
import { percentiles } from '../src/internal/percentiles.js'
import { HANDOFF_ENV } from '../src/pool/handoff.js'
import { createTestbed } from '../src/public/index.js'

const rounds = Number(process.argv[2] ?? 15)
const child = fileURLToPath(new URL('./worker-attach-child.mjs', import.meta.url))
type Phases = { import: number; attach: number; firstDatabase: number; total: number }

const bed = await createTestbed({ engine: 'embedded' }, { cwd: BENCH_PROJECT, poolSize: 0 })
try {
  const base = { ...process.env, PGTESTBED_URL: bed.engine.url, PGTESTBED_RUN_ID: bed.config.runId }
  const run = (env: NodeJS.ProcessEnv): Phases =>
    JSON.parse(execFileSync(process.execPath, [child], { cwd: BENCH_PROJECT, env, encoding: 'utf8' }))
  const pgOnly = (): number =>
    Number(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const t=performance.now();await import('pg');console.log(performance.now()-t)",
        ],
        { cwd: BENCH_PROJECT, encoding: 'utf8' },
      ),
    )
  const lean: Phases[] = []
  const full: Phases[] = []
  const pg: number[] = []
  // The lean processes one after another, as a runner starts them: each takes over the spares the
  // previous one left. A full-path process prepares a run of its own and drops the run's spares
  // when it closes, so its rounds come after.
  for (let i = 0; i < rounds; i++) {
    lean.push(run({ ...base, [HANDOFF_ENV]: JSON.stringify(bed.handoff) }))
    pg.push(pgOnly())
  }
  for (let i = 0; i < rounds; i++) full.push(run(base))
  const p50 = (xs: Phases[], k: keyof Phases) => percentiles(xs.map((x) => x[k])).p50
  const row = (xs: Phases[]) => ({
    import: p50(xs, 'import'),
    attach: p50(xs, 'attach'),
    firstDatabase: p50(xs, 'firstDatabase'),
    total: p50(xs, 'total'),
  })
  const leanRow = row(lean)
  const fullRow = row(full)
  console.log(
    JSON.stringify(
      {
        rounds,
        load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        lean: leanRow,
        full: fullRow,
        pgImportOnly: percentiles(pg).p50,
        fullOverLean: Math.round((fullRow.total / leanRow.total) * 100) / 100,
      },
      null,
      2,
    ),
  )
} finally {
  await bed.close()
}
