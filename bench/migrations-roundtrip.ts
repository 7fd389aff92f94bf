/**
 * Benchmark: the `roundtrip` check on a generated 250-migration chain (mostly DDL), single pass
 * on one database, against the naive alternative that rebuilds the chain from zero for every
 * step (measured on a prefix, since it is O(n²)), both with the same cheap catalog captures.
 * Prints medians/p95 per step and the ratio.
 *
 *   npx jiti bench/migrations-roundtrip.ts [--migrations 250] [--prefix 40]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { resolveConfig } from '../src/config/index.js'
import { startEngine } from '../src/engine/index.js'
import {
  applyScript,
  catalogProbe,
  type MigrationSet,
  readMigrations,
  type SchemaProbe,
  testMigrations,
} from '../src/migrations/index.js'
import { createScratchDatabase } from '../src/sql/index.js'

const { values } = parseArgs({ options: { migrations: { type: 'string' }, prefix: { type: 'string' } } })
const COUNT = Number(values.migrations ?? 250)
const PREFIX = Number(values.prefix ?? 40)

/** Migration i (1-based) of the generated chain: tables, columns, indexes, FKs, checks, views. */
function step(i: number): { up: string; down: string } {
  const t = (n: number) => `t${Math.floor((n - 1) / 5) * 5 + 1}`
  switch (i % 5) {
    case 1:
      return {
        up: `create table ${t(i)} (id bigint generated always as identity primary key, name text not null, created_at timestamptz not null default now());`,
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
            up: `alter table ${t(i)} add column parent_id bigint references ${t(i - 5)} (id) on delete cascade;`,
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

async function chain(count: number): Promise<{ dir: string; set: MigrationSet }> {
  const dir = await mkdtemp(join(tmpdir(), 'pgt-bench-mig-'))
  for (let i = 1; i <= count; i++) {
    const { up, down } = step(i)
    await writeFile(join(dir, `${i}_step.up.sql`), `${up}\n`)
    await writeFile(join(dir, `${i}_step.down.sql`), `${down}\n`)
  }
  return { dir, set: await readMigrations(dir) }
}

function stats(samples: readonly number[]): { median: number; p95: number; total: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { median: at(0.5), p95: at(0.95), total: samples.reduce((a, b) => a + b, 0) }
}

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`)

/** The naive alternative: for step k, a fresh database, ups 1..k-1, then the round trip of k. */
async function naiveRoundtrip(server: string, set: MigrationSet, probe: SchemaProbe): Promise<number[]> {
  const perStep: number[] = []
  for (let k = 0; k < set.migrations.length; k++) {
    const started = performance.now()
    const db = await createScratchDatabase(server, { prefix: 'bench', purpose: 'mig' })
    try {
      for (const m of set.migrations.slice(0, k)) await applyScript(db.session, m, 'up')
      const m = set.migrations[k]!
      const before = await probe.capture(db.session)
      await applyScript(db.session, m, 'up')
      await applyScript(db.session, m, 'down')
      if (probe.differences(before, await probe.capture(db.session)).length > 0) {
        throw new Error(`${m.name} down mismatch`)
      }
      await applyScript(db.session, m, 'up')
    } finally {
      await db.drop()
    }
    perStep.push(performance.now() - started)
  }
  return perStep
}

async function singlePass(
  server: string,
  set: MigrationSet,
  quickProbe: SchemaProbe | false,
): Promise<{ wall: number; steps: number[] }> {
  const started = performance.now()
  const report = await testMigrations(set, { server, prefix: 'bench', checks: ['roundtrip'], quickProbe })
  const wall = performance.now() - started
  if (!report.ok) throw new Error(JSON.stringify(report.checks.roundtrip?.failures))
  return { wall, steps: (report.checks.roundtrip?.timings ?? []).map((t) => t.ms) }
}

const config = await resolveConfig()
const engine = await startEngine(config)
const made: string[] = []
try {
  console.log(
    `PostgreSQL ${engine.serverVersion} (${engine.kind}); ${COUNT}-migration chain, naive comparison on the first ${PREFIX}`,
  )
  const full = await chain(COUNT)
  made.push(full.dir)
  const upStarted = performance.now()
  const up = await testMigrations(full.set, { server: engine.url, prefix: 'bench', checks: ['up'] })
  if (!up.ok) throw new Error(JSON.stringify(up.checks.up?.failures))
  console.log(`up only, ${COUNT} migrations: ${f(performance.now() - upStarted)}`)
  for (const quick of [catalogProbe, false] as const) {
    const run = await singlePass(engine.url, full.set, quick)
    const s = stats(run.steps)
    const label = quick === false ? 'schema probe for every capture' : 'catalog quick probe (default)'
    console.log(
      `roundtrip, ${COUNT} migrations, single pass, ${label}: ${f(run.wall)} wall; per step median ${f(s.median)}, p95 ${f(s.p95)}`,
    )
  }
  const prefix = await chain(PREFIX)
  made.push(prefix.dir)
  const single = await singlePass(engine.url, prefix.set, catalogProbe)
  const naive = await naiveRoundtrip(engine.url, prefix.set, catalogProbe)
  const a = stats(single.steps)
  const b = stats(naive)
  console.log(
    `roundtrip, first ${PREFIX}, single pass: ${f(single.wall)} wall; per step median ${f(a.median)}, p95 ${f(a.p95)}`,
  )
  console.log(
    `roundtrip, first ${PREFIX}, naive rebuild per step: ${f(b.total)}; per step median ${f(b.median)}, p95 ${f(b.p95)}`,
  )
  console.log(`ratio naive / single pass (first ${PREFIX}): ${(b.total / single.wall).toFixed(1)}x`)
} finally {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })))
  await engine.close()
}
