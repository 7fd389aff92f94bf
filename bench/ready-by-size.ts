/**
 * "Ready" (acquire + the handed-over, warmed connection + the test's first query) by template
 * size, for tests that take 5 ms and 25 ms: does the warm pool keep ahead of fast tests when each
 * clone copies more? Templates of one big table (~120 bytes a row with its index) and a small one
 * each test writes a row to, built on the embedded engine; a pool of the default size per
 * process, as a test file's process has. Two ways: `drop` (each test ends its connection; its
 * database is dropped and the pool clones anew) and `in-place` (the test gives its connection
 * back with the database, as the runner integrations do for a test that used only `db.query`;
 * the pool reloads the small table on it — `pool.recycle`, README); and `renamed`
 * (`pool.recycle: true`: the test ends its connection, as one that gave `db.url` to an app does;
 * the database is renamed, then reset on a new session).
 *
 *   npx jiti bench/ready-by-size.ts [iterations] [sizes in MB, comma-separated] [test ms, comma-separated] [drop,in-place,renamed]
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
type Mode = 'drop' | 'in-place' | 'renamed'
const modes = (process.argv[5] ?? 'drop,in-place').split(',') as Mode[]
const RECYCLE: Record<Mode, boolean | 'in-place'> = { drop: false, 'in-place': 'in-place', renamed: true }
const dataRoot = mkdtempSync('/dev/shm/pgt-ready-size-')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function measure(
  megabytes: number,
  testMs: number,
  mode: Mode,
): Promise<Record<string, number | string>> {
  const { dir: project, rows } = sizedProject('pgt-ready-size-', megabytes)
  const bed = await createTestbed(
    {
      engine: 'embedded',
      migrations: 'migrations',
      embedded: { dataRoot },
      pool: { recycle: RECYCLE[mode] },
    },
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
      await client.query("INSERT INTO notes (body) VALUES ('written')")
      await sleep(testMs)
      if (mode === 'in-place') await db.release({ outcome: 'passed', session: client })
      else {
        await client.end()
        await db.release()
      }
    }
    const stats = bed.stats()
    const p = percentiles(ready)
    return {
      megabytes,
      testMs,
      mode,
      readyP50: Math.round(p.p50 * 100) / 100,
      readyP95: Math.round(p.p95 * 100) / 100,
      waited: stats.waited,
      recycled: stats.recycled,
      acquired: stats.acquired,
    }
  } finally {
    await bed.close()
    rmSync(project, { recursive: true, force: true })
  }
}

const results: Record<string, number | string>[] = []
try {
  for (const megabytes of sizes)
    for (const testMs of testDurations)
      for (const mode of modes) results.push(await measure(megabytes, testMs, mode))
} finally {
  rmSync(dataRoot, { recursive: true, force: true })
}
console.log(
  JSON.stringify({ iterations, load: Math.round((loadavg()[0] ?? 0) * 100) / 100, results }, null, 2),
)
