/**
 * Benchmark: the overhead of the `locks` check per migration. The same chain (a table with
 * 20k rows, then N small DDL migrations: columns, indexes, checks, a rewrite now and then) runs
 * once as the `preserve` check (data loaded, every later up applied, nothing watched) and once
 * as the `locks` check (same data, each statement watched: lock listing, relfilenode
 * comparison, a second session polling pg_locks). Prints medians over runs and the overhead
 * per migration.
 *
 *   npx jiti bench/migrations-locks.ts [--migrations 50] [--rows 20000] [--runs 3]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { resolveConfig } from '../src/config/index.js'
import { startEngine } from '../src/engine/index.js'
import { readMigrations, testMigrations } from '../src/migrations/index.js'

const { values } = parseArgs({
  options: { migrations: { type: 'string' }, rows: { type: 'string' }, runs: { type: 'string' } },
})
const COUNT = Number(values.migrations ?? 50)
const ROWS = Number(values.rows ?? 20_000)
const RUNS = Number(values.runs ?? 3)

function step(i: number): string {
  switch (i % 4) {
    case 0:
      return `alter table big add column c${i} text;`
    case 1:
      return `create index big_v_${i} on big (v);`
    case 2:
      return `alter table big add constraint big_id_${i} check (id > -${i}) not valid;`
    default:
      return i % 20 === 3 ? `alter table big add column r${i} float8 default random();` : `select ${i};`
  }
}

const dir = await mkdtemp(join(tmpdir(), 'pgt-bench-locks-'))
await writeFile(join(dir, '0_big.up.sql'), 'create table big (id int primary key, v text);\n')
await writeFile(join(dir, '0_big.down.sql'), 'drop table big;\n')
for (let i = 1; i <= COUNT; i++) {
  await writeFile(join(dir, `${i}_step.up.sql`), `${step(i)}\n`)
  await writeFile(join(dir, `${i}_step.down.sql`), 'select 1;\n')
}
await writeFile(
  join(tmpdir(), `${dir.split('/').at(-1)}-data.sql`),
  `insert into big select g, 'v' || g from generate_series(1, ${ROWS}) g;\n`,
)
const set = await readMigrations(dir)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const config = await resolveConfig()
const engine = await startEngine(config)
try {
  const preserve = { at: '0_big', data: [join(tmpdir(), `${dir.split('/').at(-1)}-data.sql`)] }
  const plain: number[] = []
  const watched: number[] = []
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now()
    const a = await testMigrations(set, {
      server: engine.url,
      prefix: 'bench',
      checks: ['preserve'],
      preserve,
    })
    plain.push(performance.now() - started)
    started = performance.now()
    const b = await testMigrations(set, { server: engine.url, prefix: 'bench', checks: ['locks'], preserve })
    watched.push(performance.now() - started)
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a.checks, b.checks]))
  }
  const p = median(plain)
  const w = median(watched)
  console.log(
    `PostgreSQL ${engine.serverVersion} (${engine.kind}); ${COUNT} migrations on ${ROWS} rows, ${RUNS} runs`,
  )
  console.log(
    `preserve (same data, not watched): median ${p.toFixed(0)} ms [${plain.map((x) => x.toFixed(0)).join(', ')}]`,
  )
  console.log(`locks (watched): median ${w.toFixed(0)} ms [${watched.map((x) => x.toFixed(0)).join(', ')}]`)
  console.log(`overhead: ${((w - p) / COUNT).toFixed(1)} ms per migration (${(w / p).toFixed(2)}x)`)
} finally {
  await rm(dir, { recursive: true, force: true })
  await rm(join(tmpdir(), `${dir.split('/').at(-1)}-data.sql`), { force: true })
  await engine.close()
}
