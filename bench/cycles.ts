/**
 * 1,000 acquire/release cycles across 2 parallel worker processes on one server and template;
 * then counts the databases left behind (must be zero).
 *
 *   npm run build && npx jiti bench/cycles.ts [cycles-per-worker]
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { createTestbed } from '../src/public/index.js'

const perWorker = Number(process.argv[2] ?? 500)
const project = fileURLToPath(new URL('../examples/bookings', import.meta.url))
const worker = fileURLToPath(new URL('./cycle-worker.mjs', import.meta.url))
const bed = await createTestbed({ engine: 'embedded' }, { cwd: project, poolSize: 0 })
const started = performance.now()
const run = promisify(execFile)
const outputs = await Promise.all(
  [1, 2].map(() => run(process.execPath, [worker, bed.engine.url, bed.config.runId, String(perWorker)])),
)
const wall = performance.now() - started
const workers = outputs.map((o) => JSON.parse(o.stdout) as { totalMs: number; acquireAndConnectMs: number })
const admin = new pg.Client({ connectionString: bed.engine.url })
await admin.connect()
const { rows } = await admin.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate`,
  [`${bed.config.prefix}\\_%`],
)
await admin.end()
await bed.close()
console.log(
  JSON.stringify(
    {
      workers: 2,
      cycles: perWorker * 2,
      wallMs: Math.round(wall),
      // What the tests waited for databases, summed over both workers.
      databaseOverheadMs: Math.round(workers.reduce((a, w) => a + w.acquireAndConnectMs, 0)),
      leakedDatabases: rows[0]?.n ?? -1,
    },
    null,
    2,
  ),
)
