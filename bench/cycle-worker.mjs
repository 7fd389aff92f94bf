// One worker of bench/cycles.ts: attaches to the server and template prepared by the parent and
// runs N acquire → connect → query → release cycles. Prints its figures as JSON. With a 4th argument
// P it also prints a progress line every P cycles ({"i":…,"rss":…}, for bench/soak.ts).
import pg from 'pg'
import { createTestbed } from '../dist/public/index.js'

const [url, runId, cycles, progress] = process.argv.slice(2)
const every = Number(progress ?? 0)
const bed = await createTestbed(undefined, {
  preconnect: true,
  attach: { url, runId },
  cwd: new URL('../examples/bookings', import.meta.url).pathname,
})
const started = performance.now()
let waited = 0
for (let i = 0; i < Number(cycles); i++) {
  const t = performance.now()
  const db = await bed.acquire()
  // As the runner fixtures do: the connection the pool opened ahead, else a new one.
  const preopened = db.takeConnection()
  const client = preopened ?? new pg.Client({ connectionString: db.url })
  if (preopened === undefined) await client.connect()
  waited += performance.now() - t
  await client.query('SELECT count(*) FROM bookings')
  await client.end()
  await db.release()
  if (every > 0 && (i + 1) % every === 0)
    console.log(JSON.stringify({ i: i + 1, rss: process.memoryUsage.rss() }))
}
const total = performance.now() - started
await bed.close()
console.log(JSON.stringify({ cycles: Number(cycles), totalMs: total, acquireAndConnectMs: waited }))
