/**
 * Where "ready" goes once the database and its warmed connection are handed over: the test's
 * first query on that connection (its backend idle since the warm-up) against the same query
 * again, and a different query's first run against its second. Each test waits 30 ms first, so
 * no clone or drop runs beside the measured queries.
 *
 *   npx jiti bench/first-query.ts [tests]
 */
import { loadavg } from 'node:os'
import type pg from 'pg'
import { BENCH_PROJECT } from '../src/bench/provision.js'
import { percentiles } from '../src/internal/percentiles.js'
import { createTestbed } from '../src/public/index.js'

const tests = Number(process.argv[2] ?? 40)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const bed = await createTestbed({ engine: 'embedded', pool: { size: 2 } }, { cwd: BENCH_PROJECT })
const figures = {
  firstQuery: [] as number[],
  sameAgain: [] as number[],
  otherFirst: [] as number[],
  otherAgain: [] as number[],
}
const timed = async (client: pg.Client, sql: string, into: number[]) => {
  const t = performance.now()
  await client.query(sql)
  into.push(performance.now() - t)
}
try {
  let measured = 0
  while (measured < tests) {
    const db = await bed.acquire()
    const client = await db.takeConnection()
    if (client === undefined) {
      await db.release()
      await sleep(50)
      continue
    }
    await sleep(30)
    await timed(client, 'SELECT count(*) FROM bookings', figures.firstQuery)
    await timed(client, 'SELECT count(*) FROM bookings', figures.sameAgain)
    await timed(client, 'SELECT count(*) FROM rooms WHERE id > 0', figures.otherFirst)
    await timed(client, 'SELECT count(*) FROM rooms WHERE id > 0', figures.otherAgain)
    await client.end()
    await db.release()
    await sleep(30)
    measured++
  }
  const p50 = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, percentiles(v).p50]))
  console.log(JSON.stringify({ tests, load: Math.round((loadavg()[0] ?? 0) * 100) / 100, p50 }, null, 2))
} finally {
  await bed.close()
}
