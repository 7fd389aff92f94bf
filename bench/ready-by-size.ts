/**
 * "Ready" (acquire + the handed-over, warmed connection + the test's first query) by template
 * size, for tests that take 5 ms and 25 ms: does the warm pool keep ahead of fast tests when each
 * clone copies more? Templates of one table (~120 bytes a row with its index), built on the
 * embedded engine; a pool of the default size per process, as a test file's process has.
 *
 *   npx jiti bench/ready-by-size.ts [iterations] [sizes in MB, comma-separated] [test ms, comma-separated]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { percentiles } from '../src/internal/percentiles.js'
import { createTestbed } from '../src/public/index.js'
import { sizedProject } from './support/sized-project.js'

const iterations = Number(process.argv[2] ?? 40)
const sizes = (process.argv[3] ?? '1,25,100').split(',').map(Number)
const testDurations = (process.argv[4] ?? '5,25').split(',').map(Number)
const dataRoot = mkdtempSync('/dev/shm/pgt-ready-size-')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function measure(megabytes: number, testMs: number): Promise<Record<string, number>> {
  const { dir: project, rows } = sizedProject('pgt-ready-size-', megabytes)
  const bed = await createTestbed(
    { engine: 'embedded', migrations: 'migrations', embedded: { dataRoot } },
    { cwd: project },
  )
  try {
    // Let the pool fill once, as it does while a runner collects the tests.
    while (bed.stats().ready < bed.config.pool.size) await sleep(5)
    const ready: number[] = []
    for (let i = 0; i < iterations; i++) {
      const started = performance.now()
      const db = await bed.acquire()
      const handed = await db.takeConnection()
      const client = handed ?? new pg.Client({ connectionString: db.url })
      if (handed === undefined) await client.connect()
      await client.query('SELECT kind FROM events WHERE id = $1', [1 + (i % rows)])
      ready.push(performance.now() - started)
      await sleep(testMs)
      await client.end()
      await db.release()
    }
    const stats = bed.stats()
    const p = percentiles(ready)
    return {
      megabytes,
      testMs,
      readyP50: Math.round(p.p50 * 100) / 100,
      readyP95: Math.round(p.p95 * 100) / 100,
      waited: stats.waited,
      acquired: stats.acquired,
    }
  } finally {
    await bed.close()
    rmSync(project, { recursive: true, force: true })
  }
}

const results: Record<string, number>[] = []
try {
  for (const megabytes of sizes)
    for (const testMs of testDurations) results.push(await measure(megabytes, testMs))
} finally {
  rmSync(dataRoot, { recursive: true, force: true })
}
console.log(
  JSON.stringify({ iterations, load: Math.round((loadavg()[0] ?? 0) * 100) / 100, results }, null, 2),
)
