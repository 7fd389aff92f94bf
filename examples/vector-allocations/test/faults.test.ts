// The app's pool pointed at pgtestbed/netfault's TCP proxy instead of the server: a connection
// reset in the middle of an allocation, and the server "going away" and coming back.
import { classifyError } from 'pgtestbed/concurrency'
import { fault, startFaultProxy } from 'pgtestbed/netfault'
import { expect, test } from './app.js'

test('a reset in the middle of an allocation: a connection error, nothing committed, the retry works', async ({
  db,
  allocationsAt,
}) => {
  await using proxy = await startFaultProxy({ target: db.url })
  const app = allocationsAt(proxy.url)
  const fund = await app.createFund('faults', 100_00)

  // Hold the fund's row lock from the side, so the allocation stops inside its transaction.
  const holder = await db.connect()
  await holder.query('BEGIN')
  await holder.query('SELECT 1 FROM funds WHERE id = $1 FOR UPDATE', [fund])
  const attempt = app.allocate({ fundId: fund, project: 'p', amountCents: 10_00 })
  // Wait until the server says the app's session waits on that lock (no sleeps).
  const blocked = `SELECT count(*)::int AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0`
  while ((await db.query<{ n: number }>(blocked)).rows[0]!.n === 0) {}

  proxy.dropConnections({ how: 'reset' })
  const err = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  )
  // No SQLSTATE: the server never said anything; node-postgres passes the socket's error on.
  expect(classifyError(err)).toMatchObject({ class: 'connection', sqlstate: null, nodeCode: 'ECONNRESET' })
  await holder.query('ROLLBACK')

  // The transaction never reached COMMIT: nothing was allocated. The pool reconnects.
  expect(await app.listByFund(fund)).toEqual([])
  await expect(app.allocate({ fundId: fund, project: 'p', amountCents: 10_00 })).resolves.toMatchObject({
    project: 'p',
  })
  expect(proxy.stats.accepted).toBeGreaterThanOrEqual(2)
})

test('the server goes away: refused connections are classified, the pool recovers when it is back', async ({
  db,
  allocationsAt,
}) => {
  await using proxy = await startFaultProxy({ target: db.url })
  const app = allocationsAt(proxy.url, { connectionTimeoutMillis: 2_000 })
  // The fund is written directly, so the app's pool has no connection open yet: its first one is
  // refused. (An idle one the pool has not yet seen close would fail as "Connection terminated
  // unexpectedly" instead — also class 'connection'.)
  const { rows } = await db.query<{ id: number }>(
    "INSERT INTO funds (code, budget_cents) VALUES ('outage', 10000) RETURNING id::int",
  )
  const fund = rows[0]!.id

  await proxy.down()
  const err = await app.listByFund(fund).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(classifyError(err)).toMatchObject({ class: 'connection', sqlstate: null, nodeCode: 'ECONNREFUSED' })

  await proxy.up()
  // Slow, not broken: with 50 ms added to every answer the allocation still commits.
  proxy.add(fault.latency({ ms: 50 }), { direction: 'downstream' })
  await expect(app.allocate({ fundId: fund, project: 'after', amountCents: 1 })).resolves.toMatchObject({
    project: 'after',
  })
  expect((await db.query('SELECT project FROM allocations')).rows).toEqual([{ project: 'after' }])
})
