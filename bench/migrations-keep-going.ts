/**
 * Benchmark: `roundtrip` with `keepGoing` on a generated 250-migration chain with 30 broken downs
 * (half leave their change behind, half fail), against a clean run of the same chain, in the
 * same process. Target (issue 19): every failure in one run, at most 1.5x a clean run.
 * Also prints the old way: one run per failure, each stopping at the first broken down.
 *
 *   npx jiti bench/migrations-keep-going.ts [--migrations 250] [--broken 30] [--runs 3]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { resolveConfig } from '../src/config/index.js'
import { startEngine } from '../src/engine/index.js'
import { type MigrationSet, readMigrations, testMigrations } from '../src/migrations/index.js'

const { values } = parseArgs({
  options: { migrations: { type: 'string' }, broken: { type: 'string' }, runs: { type: 'string' } },
})
const COUNT = Number(values.migrations ?? 250)
const BROKEN = Number(values.broken ?? 30)
const RUNS = Number(values.runs ?? 3)

/** Migration i (1-based): tables, columns, indexes, FKs, checks, as in migrations-roundtrip.ts. */
function step(i: number): { up: string; down: string } {
  const t = (n: number) => `t${Math.floor((n - 1) / 5) * 5 + 1}`
  switch (i % 5) {
    case 1:
      return {
        up: `create table ${t(i)} (id bigint generated always as identity primary key, name text not null);`,
        down: `drop table ${t(i)};`,
      }
    case 2:
      return {
        up: `alter table ${t(i)} add column note_${i} text;`,
        down: `alter table ${t(i)} drop column note_${i};`,
      }
    case 3:
      return {
        up: `create index ${t(i)}_name_${i} on ${t(i)} (name);`,
        down: `drop index ${t(i)}_name_${i};`,
      }
    case 4:
      return i > 5
        ? {
            up: `alter table ${t(i)} add column parent_id bigint references ${t(i - 5)} (id);`,
            down: `alter table ${t(i)} drop column parent_id;`,
          }
        : { up: `create view v_${i} as select id from ${t(i)};`, down: `drop view v_${i};` }
    default:
      return {
        up: `alter table ${t(i)} add constraint ${t(i)}_name_len check (length(name) < 200);`,
        down: `alter table ${t(i)} drop constraint ${t(i)}_name_len;`,
      }
  }
}

/** Breaks the down of every (COUNT / BROKEN)-th column or index migration. */
async function chain(broken: number): Promise<{ dir: string; set: MigrationSet; broken: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'pgt-bench-kg-'))
  const every = Math.floor(COUNT / Math.max(1, broken))
  let made = 0
  for (let i = 1; i <= COUNT; i++) {
    let { up, down } = step(i)
    if (made < broken && i % every === 0) {
      // Alternate: a down that leaves its change behind, and one that fails.
      down = made % 2 === 0 ? 'select 1;' : `drop table no_such_table_${i};`
      made++
    }
    await writeFile(join(dir, `${i}_step.up.sql`), `${up}\n`)
    await writeFile(join(dir, `${i}_step.down.sql`), `${down}\n`)
  }
  return { dir, set: await readMigrations(dir), broken: made }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`

const config = await resolveConfig()
const engine = await startEngine(config)
const dirs: string[] = []
try {
  const clean = await chain(0)
  const broken = await chain(BROKEN)
  dirs.push(clean.dir, broken.dir)
  console.log(
    `PostgreSQL ${engine.serverVersion} (${engine.kind}); ${COUNT} migrations, ${broken.broken} broken downs, ${RUNS} runs each`,
  )
  const cleanMs: number[] = []
  const keepMs: number[] = []
  let firstFailureMs = 0
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now()
    const a = await testMigrations(clean.set, { server: engine.url, prefix: 'bench', checks: ['roundtrip'] })
    cleanMs.push(performance.now() - started)
    if (!a.ok) throw new Error('the clean chain failed')
    started = performance.now()
    const b = await testMigrations(broken.set, {
      server: engine.url,
      prefix: 'bench',
      checks: ['roundtrip'],
      keepGoing: true,
    })
    keepMs.push(performance.now() - started)
    const found = b.checks.roundtrip?.failures.length ?? 0
    if (found !== broken.broken) throw new Error(`keep-going found ${found} of ${broken.broken} failures`)
    if (run === 0) {
      started = performance.now()
      await testMigrations(broken.set, { server: engine.url, prefix: 'bench', checks: ['roundtrip'] })
      firstFailureMs = performance.now() - started
    }
  }
  const c = median(cleanMs)
  const k = median(keepMs)
  console.log(`clean run (roundtrip): median ${f(c)} [${cleanMs.map(f).join(', ')}]`)
  console.log(
    `keep-going, ${broken.broken} failures in one run: median ${f(k)} [${keepMs.map(f).join(', ')}] = ${(k / c).toFixed(2)}x the clean run`,
  )
  console.log(
    `without keep-going: a run stops at the first failure (${f(firstFailureMs)}); finding all ${broken.broken} takes ${broken.broken} runs, each going further (about ${f((c * (broken.broken + 1)) / 2)} in all)`,
  )
} finally {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  await engine.close()
}
