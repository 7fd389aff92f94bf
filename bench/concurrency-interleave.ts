/**
 * Benchmark: how long a scripted interleaving takes with server-side lock detection
 * (`interleave`) versus the hand-written way (send a step, sleep a fixed time, assume "blocked"
 * if it has not returned), plus detection latency, deadlock detection time and the full isolation
 * check. Run: npx jiti bench/concurrency-interleave.ts [runs]
 * @module
 */
import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import pg from 'pg'
import { checkIsolation, interleave, runDeadlock, type StepSpec } from '../src/concurrency/index.js'
import { databaseUrl, startEmbedded } from '../src/engine/index.js'

const runs = Number(process.argv[2] ?? 20)
const SETUP = [
  'drop table if exists t',
  'create table t (id int primary key, v int)',
  'insert into t values (1, 10), (2, 20)',
]
// Lost update at read committed: step 5 waits on T1's row lock until step 6 commits.
const STEPS: StepSpec[] = [
  { session: 'T1', sql: 'begin' },
  { session: 'T2', sql: 'begin' },
  { session: 'T1', sql: 'select v from t where id = 1' },
  { session: 'T2', sql: 'select v from t where id = 1' },
  { session: 'T1', sql: 'update t set v = 11 where id = 1' },
  { session: 'T2', sql: 'update t set v = 11 where id = 1' },
  { session: 'T1', sql: 'commit' },
  { session: 'T2', sql: 'commit' },
]

/**
 * The hand-written way: each step gets `waitMs` to finish, otherwise it is taken as blocked.
 * Returns how many steps it misjudged: a step that does not block but took longer than `waitMs`
 * (the runner moved on too early: the interleaving it ran was not the one written).
 */
async function sleepRunner(url: string, waitMs: number): Promise<number> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  for (const sql of SETUP) await admin.query(sql)
  const clients = new Map<string, pg.Client>()
  for (const s of ['T1', 'T2']) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    clients.set(s, c)
  }
  const pending: Promise<unknown>[] = []
  let misjudged = 0
  for (const [i, step] of STEPS.entries()) {
    let done = false
    const q = clients
      .get(step.session)!
      .query(step.sql)
      .finally(() => {
        done = true
      })
    pending.push(q)
    await Promise.race([q, delay(waitMs)])
    if (!done && i !== BLOCKING_STEP) misjudged++
  }
  await Promise.all(pending)
  await admin.query('select * from t')
  await Promise.all([...clients.values(), admin].map((c) => c.end()))
  return misjudged
}

const BLOCKING_STEP = 5

function stats(values: number[]): { median: number; p95: number } {
  const s = [...values].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!
  return { median: round(at(0.5)), p95: round(at(0.95)) }
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

const server = await startEmbedded({})
try {
  const admin = new pg.Client({ connectionString: server.url })
  await admin.connect()
  await admin.query('create database bench_concurrency')
  await admin.end()
  const url = databaseUrl(server.url, 'bench_concurrency')

  const watchdog: number[] = []
  const detection: number[] = []
  const sleep100: number[] = []
  const sleep500: number[] = []
  const sleep5: number[] = []
  let misjudged5 = 0
  let misjudged100 = 0
  for (let i = 0; i < runs; i++) {
    // Interleaved (ABAB…) so drift in machine speed hits both sides alike.
    let t = performance.now()
    const report = await interleave({ url, setup: SETUP, steps: STEPS, final: 'select * from t' })
    watchdog.push(performance.now() - t)
    detection.push(report.step(6).startedAtMs! - report.step(5).startedAtMs!)
    if (!report.step(5).blocked || report.step(5).unblockedBy !== 6)
      throw new Error('scenario did not block as expected')
    t = performance.now()
    misjudged100 += (await sleepRunner(url, 100)) > 0 ? 1 : 0
    sleep100.push(performance.now() - t)
    t = performance.now()
    misjudged5 += (await sleepRunner(url, 5)) > 0 ? 1 : 0
    sleep5.push(performance.now() - t)
    if (i < Math.min(runs, 5)) {
      t = performance.now()
      await sleepRunner(url, 500)
      sleep500.push(performance.now() - t)
    }
  }
  const deadlocks: number[] = []
  for (let i = 0; i < Math.min(runs, 10); i++) deadlocks.push((await runDeadlock({ url })).detectionMs!)
  let t = performance.now()
  const table = await checkIsolation({ url })
  const checkMs = performance.now() - t
  t = performance.now()

  const w = stats(watchdog)
  const s1 = stats(sleep100)
  const s5 = stats(sleep500)
  console.log(
    `PostgreSQL ${server.serverVersion}, ${runs} runs, 8-step lost-update scenario with one blocked step`,
  )
  console.log(`interleave (pg_isolation_test_session_is_blocked): median ${w.median} ms, p95 ${w.p95} ms`)
  console.log(
    `  blocked-step detection (send → next step):     median ${stats(detection).median} ms, p95 ${stats(detection).p95} ms`,
  )
  const s0 = stats(sleep5)
  console.log(
    `sleep-based runner, 5 ms per step:               median ${s0.median} ms, p95 ${s0.p95} ms  (${round(s0.median / w.median)}×; ran a different interleaving than written in ${misjudged5}/${runs} runs)`,
  )
  console.log(
    `sleep-based runner, 100 ms per step:             median ${s1.median} ms, p95 ${s1.p95} ms  (${round(s1.median / w.median)}×; misjudged in ${misjudged100}/${runs} runs)`,
  )
  console.log(
    `sleep-based runner, 500 ms per step (${sleep500.length} runs):      median ${s5.median} ms, p95 ${s5.p95} ms  (${round(s5.median / w.median)}× slower)`,
  )
  console.log(
    `deadlock detection, deadlock_timeout=100ms (${deadlocks.length} runs): median ${stats(deadlocks).median} ms, p95 ${stats(deadlocks).p95} ms`,
  )
  console.log(
    `isolation check, ${table.rows.length} anomalies × 3 levels: ${Math.round(checkMs)} ms (as documented: ${table.asDocumented})`,
  )
} finally {
  await server.close()
}
