// One test file's process in bench/worker-attach.ts: import the runner integrations' shared
// module, attach to the run, get the first database and run its first query; print the phases.
const t0 = performance.now()
const m = await import('../dist/integrations/shared/test-database.js')
const t1 = performance.now()
const pool = await m.workerTestbed()
const t2 = performance.now()
const { db, finish } = m.wrapDatabase(await pool.acquire())
await db.query('SELECT count(*) FROM bookings')
const t3 = performance.now()
await finish('passed')
await m.closeWorkerTestbed()
console.log(JSON.stringify({ import: t1 - t0, attach: t2 - t1, firstDatabase: t3 - t2, total: t3 - t0 }))
