// Two allocations from one fund at once, scripted session by session with
// pgtestbed/concurrency: what each isolation level does to a budget check that reads other rows,
// and what the app's FOR UPDATE changes. Blocking is read from the server, never timed.
import { type ConcurrencyMatchers, concurrencyMatchers, interleave } from 'pgtestbed/concurrency'
import { expect, test } from './app.js'

expect.extend(concurrencyMatchers)
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest's own declaration uses
  interface Assertion<T = any> extends ConcurrencyMatchers<T> {}
}

const FUND = "INSERT INTO funds (code, budget_cents) VALUES ('shared', 10000)"
/** The budget check without a lock: what an allocation reads before it inserts. */
const remaining = (lock: '' | 'FOR UPDATE') =>
  `SELECT f.budget_cents - coalesce((SELECT sum(amount_cents) FROM allocations a WHERE a.fund_id = f.id), 0)
     FROM funds f WHERE f.code = 'shared' ${lock}`
const insert = (project: string) =>
  `INSERT INTO allocations (fund_id, project, amount_cents) SELECT id, '${project}', 6000 FROM funds WHERE code = 'shared'`
const TOTAL = 'SELECT sum(amount_cents)::int FROM allocations'

/** T1 and T2 each read 100.00 left and allocate 60.00: together 120.00 of a 100.00 budget. */
function skew(level: string, lock: '' | 'FOR UPDATE' = '') {
  return [
    { session: 'T1', sql: `BEGIN ISOLATION LEVEL ${level}; ${remaining(lock)}` }, // 0
    { session: 'T2', sql: `BEGIN ISOLATION LEVEL ${level}; ${remaining(lock)}` }, // 1
    { session: 'T1', sql: insert('a') }, // 2
    { session: 'T2', sql: insert('b') }, // 3
    { session: 'T1', sql: 'COMMIT' }, // 4
    { session: 'T2', sql: 'COMMIT' }, // 5
  ]
}

test.for(['READ COMMITTED', 'REPEATABLE READ'])(
  '%s: both read the same budget and both commit, 120.00 allocated of 100.00 (write skew)',
  async (level, { db }) => {
    const report = await interleave({ url: db.url, setup: [FUND], steps: skew(level), final: TOTAL })
    expect(report.step(1).rows).toEqual([['10000']])
    expect(report.step(4)).toCommit()
    expect(report.step(5)).toCommit()
    expect(report.final).toEqual([[12000]])
  },
)

test('SERIALIZABLE: the second commit fails with 40001, a retryable serialization failure', async ({
  db,
}) => {
  const report = await interleave({ url: db.url, setup: [FUND], steps: skew('SERIALIZABLE'), final: TOTAL })
  expect(report.step(4)).toCommit()
  expect(report.step(5)).toFailWith('serialization-failure')
  expect(report.step(5).sqlstate).toBe('40001')
  expect(report.final).toEqual([[6000]])
})

const LOCK = "SELECT budget_cents FROM funds WHERE code = 'shared' FOR UPDATE"

test('READ COMMITTED, FOR UPDATE in the same statement as the sum: T2 waits, but its sum is stale', async ({
  db,
}) => {
  // After the wait PostgreSQL re-reads the locked fund row, but the subquery over allocations
  // keeps the statement's first snapshot: T2 still sees 100.00 left.
  const report = await interleave({
    url: db.url,
    setup: [FUND],
    steps: [
      { session: 'T1', sql: `BEGIN; ${remaining('FOR UPDATE')}` }, // 0
      { session: 'T2', sql: `BEGIN; ${remaining('FOR UPDATE')}` }, // 1: waits on the fund's row lock
      { session: 'T1', sql: insert('a') }, // 2
      { session: 'T1', sql: 'COMMIT' }, // 3: releases it
    ],
  })
  expect(report.step(1)).toBeBlocked()
  expect(report.step(1)).toBeUnblockedBy(3)
  expect(report.step(1).rows).toEqual([['10000']])
})

test('READ COMMITTED as the app does it: lock the fund, then sum in a new statement, which sees T1', async ({
  db,
}) => {
  const report = await interleave({
    url: db.url,
    setup: [FUND],
    steps: [
      { session: 'T1', sql: `BEGIN; ${LOCK}` }, // 0
      { session: 'T2', sql: `BEGIN; ${LOCK}` }, // 1: waits on the fund's row lock
      { session: 'T1', sql: insert('a') }, // 2
      { session: 'T1', sql: 'COMMIT' }, // 3: releases it
      { session: 'T2', sql: remaining('') }, // 4: a new statement, a new snapshot
    ],
    final: TOTAL,
  })
  expect(report.step(1)).toBeBlocked()
  expect(report.step(1)).toBeUnblockedBy(3)
  // 40.00 left: the app refuses T2's 60.00 (OverBudgetError), and the budget holds.
  expect(report.step(4).rows).toEqual([['4000']])
  expect(report.final).toEqual([[6000]])
})

test('the app itself: two 60.00 allocations at once from 100.00, one succeeds and one is refused', async ({
  allocations,
}) => {
  const fund = await allocations.createFund('race', 100_00)
  // Whichever takes the fund's lock first wins; the other waits, then sees 40.00 left.
  const results = await Promise.allSettled([
    allocations.allocate({ fundId: fund, project: 'a', amountCents: 60_00 }),
    allocations.allocate({ fundId: fund, project: 'b', amountCents: 60_00 }),
  ])
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
  expect(refused.reason).toMatchObject({ fundId: fund, remainingCents: 40_00 })
  expect((await allocations.listByFund(fund)).map((a) => a.amountCents)).toEqual([60_00])
})
