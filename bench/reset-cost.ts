/**
 * What one reset costs (`pool.recycle: 'in-place'`): after a test that inserts a row into one of
 * three small tables (the shape of bench/suite.ts), each round trip of the reset on the test's
 * own session, timed at the client — the settle (session state discarded, statistics flushed,
 * the database's facts), the read of the write counters, the reload, the read after it — against
 * TRUNCATE + reseed of the three tables (what teams do by hand) on another database, alternated.
 *
 *   npx jiti bench/reset-cost.ts [iterations] [tables]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { percentiles } from '../src/internal/percentiles.js'
import { FRESH_BASELINE, recycleDatabase, settleOwnSession, takeSnapshot } from '../src/pool/recycle.js'
import { createTestbed } from '../src/public/index.js'

const iterations = Number(process.argv[2] ?? 200)
const tables = Number(process.argv[3] ?? 3)
const names = Array.from({ length: tables }, (_, i) => `t${i + 1}`)
const seed = names
  .map((t) => `INSERT INTO ${t} (name, n) SELECT 'row ' || g, g FROM generate_series(1, 20) g;`)
  .join('\n')
const project = mkdtempSync(join(tmpdir(), 'pgt-reset-cost-'))
mkdirSync(join(project, 'migrations'))
writeFileSync(
  join(project, 'migrations', '001_tables.sql'),
  `${names.map((t) => `CREATE TABLE ${t} (id serial PRIMARY KEY, name text NOT NULL, n int NOT NULL);`).join('\n')}\n${seed}`,
)

/** A client whose every round trip is timed under the label set before it. */
function timed(client: pg.Client, times: Record<string, number[]>) {
  let label = ''
  let step = 0
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
  ;(client as unknown as { query: typeof query }).query = async (...args) => {
    const started = performance.now()
    try {
      return await query(...args)
    } finally {
      const key = `${label}${step++}`
      times[key] ??= []
      times[key].push(performance.now() - started)
    }
  }
  return (next: string) => {
    label = next
    step = 0
  }
}

const bed = await createTestbed(
  { engine: 'embedded', migrations: 'migrations' },
  { cwd: project, poolSize: 0 },
)
try {
  const times: Record<string, number[]> = {}
  const recycled = new pg.Client({ connectionString: (await bed.acquire()).url })
  const byHand = new pg.Client({ connectionString: (await bed.acquire()).url })
  await recycled.connect()
  await byHand.connect()
  const { snapshot, reason } = await takeSnapshot(recycled)
  if (snapshot === undefined) throw new Error(`no snapshot: ${reason}`)
  let baseline = FRESH_BASELINE
  const byHandMs: number[] = []
  times['truncate + reseed'] = byHandMs
  const label = timed(recycled, times)
  const test = async (client: pg.Client) => {
    await client.query("INSERT INTO t1 (name, n) VALUES ('new', 0)")
    await client.query('SELECT count(*)::int AS c FROM t1')
  }
  for (let i = 0; i < iterations; i++) {
    label('test ')
    await test(recycled)
    label('settle ')
    const facts = await settleOwnSession(recycled)
    label('recycle ')
    const next = facts === undefined ? undefined : await recycleDatabase(recycled, snapshot, baseline, facts)
    if (next === undefined) throw new Error(`recycle ${i} failed`)
    baseline = next
    const started = performance.now()
    await byHand.query(`TRUNCATE ${names.join(', ')} RESTART IDENTITY CASCADE`)
    await byHand.query(seed)
    byHandMs.push(performance.now() - started)
    await test(byHand)
  }
  await recycled.end()
  await byHand.end()
  const p50 = (k: string) => Math.round(percentiles(times[k] ?? []).p50 * 1000) / 1000
  const steps = ['settle 0', 'recycle 0', 'recycle 1', 'recycle 2']
  const reset = steps.reduce((sum, k) => sum + p50(k), 0)
  console.log(
    JSON.stringify(
      {
        iterations,
        tables,
        load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        p50Ms: Object.fromEntries([...steps, 'truncate + reseed'].map((k) => [k, p50(k)])),
        resetMs: Math.round(reset * 1000) / 1000,
        resetOverTruncateReseed: Math.round((reset / p50('truncate + reseed')) * 100) / 100,
      },
      null,
      2,
    ),
  )
} finally {
  await bed.close()
  rmSync(project, { recursive: true, force: true })
}
