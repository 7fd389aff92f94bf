// CRUD on a real, migrated database per test, and every constraint violation classified by its
// SQLSTATE with pgtestbed/concurrency's classifyError (the constraint named by the server).
import { classifyError } from 'pgtestbed/concurrency'
import { OverBudgetError } from '../src/allocations.js'
import { expect, test } from './app.js'

/** What the app's call threw, classified. */
async function violation(work: Promise<unknown>) {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err, 'the call should have failed').toBeDefined()
  return classifyError(err)
}

test('creates, reads, updates and deletes an allocation', async ({ allocations, db }) => {
  const fund = await allocations.createFund('research', 100_00)
  const created = await allocations.allocate({ fundId: fund, project: 'ocr', amountCents: 40_00 })
  expect(created).toMatchObject({ fundId: fund, project: 'ocr', amountCents: 40_00, status: 'pending' })
  expect(await allocations.get(created.id)).toEqual(created)

  expect(await allocations.setStatus(created.id, 'approved')).toMatchObject({ status: 'approved' })
  await allocations.allocate({ fundId: fund, project: 'search', amountCents: 10_00 })
  expect((await allocations.listByFund(fund)).map((a) => [a.project, a.status])).toEqual([
    ['ocr', 'approved'],
    ['search', 'pending'],
  ])

  expect(await allocations.remove(created.id)).toBe(true)
  expect(await allocations.remove(created.id)).toBe(false)
  expect(await allocations.get(created.id)).toBeUndefined()
  // Each test has its own database: only this test's rows are there.
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM allocations')
  expect(rows[0]!.n).toBe(1)
})

test('refuses to go over the budget; cancelled allocations give theirs back', async ({ allocations }) => {
  const fund = await allocations.createFund('ops', 50_00)
  const first = await allocations.allocate({ fundId: fund, project: 'a', amountCents: 30_00 })
  await expect(allocations.allocate({ fundId: fund, project: 'b', amountCents: 30_00 })).rejects.toEqual(
    new OverBudgetError(fund, 20_00),
  )
  await allocations.setStatus(first.id, 'cancelled')
  await expect(
    allocations.allocate({ fundId: fund, project: 'b', amountCents: 30_00 }),
  ).resolves.toMatchObject({
    project: 'b',
  })
})

test('a second allocation of a project from one fund is a unique violation (23505)', async ({
  allocations,
}) => {
  const fund = await allocations.createFund('grants', 100_00)
  await allocations.allocate({ fundId: fund, project: 'ocr', amountCents: 10_00 })
  const c = await violation(allocations.allocate({ fundId: fund, project: 'ocr', amountCents: 5_00 }))
  expect(c).toMatchObject({
    class: 'unique-violation',
    sqlstate: '23505',
    constraint: 'allocations_fund_project_key',
    table: 'allocations',
    retryable: false,
  })
  expect((await violation(allocations.createFund('grants', 1))).constraint).toBe('funds_code_key')
})

test('an unknown fund, and deleting a fund still allocated, are foreign key violations (23503)', async ({
  allocations,
}) => {
  expect(await violation(allocations.allocate({ fundId: 999, project: 'x', amountCents: 1 }))).toMatchObject({
    class: 'foreign-key-violation',
    sqlstate: '23503',
    constraint: 'allocations_fund_id_fkey',
    table: 'allocations',
  })
  const fund = await allocations.createFund('kept', 10_00)
  await allocations.allocate({ fundId: fund, project: 'x', amountCents: 1 })
  // ON DELETE RESTRICT: the error is raised on allocations' key, for the delete from funds.
  expect(await violation(allocations.removeFund(fund))).toMatchObject({
    class: 'foreign-key-violation',
    sqlstate: '23503',
    constraint: 'allocations_fund_id_fkey',
  })
})

test('amounts must be positive, statuses known, budgets not negative: check violations (23514)', async ({
  allocations,
  db,
}) => {
  const fund = await allocations.createFund('checks', 10_00)
  expect(
    await violation(allocations.allocate({ fundId: fund, project: 'zero', amountCents: 0 })),
  ).toMatchObject({
    class: 'check-violation',
    sqlstate: '23514',
    constraint: 'allocations_amount_positive',
  })
  const a = await allocations.allocate({ fundId: fund, project: 'ok', amountCents: 1 })
  expect(await violation(allocations.setStatus(a.id, 'paid' as 'approved'))).toMatchObject({
    class: 'check-violation',
    constraint: 'allocations_status_known',
  })
  expect(await violation(allocations.createFund('negative', -1))).toMatchObject({
    class: 'check-violation',
    constraint: 'funds_budget_cents_check',
  })
  expect(
    await violation(
      db.query('INSERT INTO allocations (fund_id, project, amount_cents) VALUES ($1, NULL, 1)', [fund]),
    ),
  ).toMatchObject({ class: 'not-null-violation', sqlstate: '23502', column: 'project' })
})
