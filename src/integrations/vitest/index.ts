/**
 * `pgtestbed/vitest`: a `test` with a `db` fixture — a fresh isolated database per test, from
 * the run's warm pool, dropped after a passing test and kept (URL printed) after a failing one.
 *
 * @example
 * import { test, expect } from 'pgtestbed/vitest'
 * test('counts users', async ({ db }) => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   expect(rows[0].n).toBe(2)
 * })
 * @module
 */
import { afterAll, test as base, inject } from 'vitest'
import { perfVitestFixture } from '../../perf/vitest-fixture.js'
import type { RunHandoff } from '../../pool/handoff.js'
import { closeWorkerTestbed, type TestDb, workerTestbed, wrapDatabase } from '../shared/test-database.js'

export { expect } from 'vitest'
export type { TestDb } from '../shared/test-database.js'

// Attach as the file loads, so the pool clones while vitest collects the tests.
void workerTestbed(safeInject()).catch(() => undefined)

afterAll(async () => {
  // Each test file runs in its worker's module scope; the last afterAll closing it is harmless:
  // the next file's first test re-creates the testbed, attached to the same server and template.
  await closeWorkerTestbed()
})

/**
 * vitest's `test`, extended with a `db` fixture: a fresh isolated database per test.
 *
 * @example
 * test('counts users', async ({ db }) => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   expect(rows[0].n).toBe(2)
 * })
 */
export const test = base.extend<{ db: TestDb }>({
  db: perfVitestFixture(async ({ task }, use) => {
    const bed = await workerTestbed(safeInject())
    const wrapped = wrapDatabase(await bed.acquire())
    let threw = false
    try {
      await use(wrapped.db)
    } catch (err) {
      threw = true
      throw err
    } finally {
      // vitest runs fixture teardown before `onTestFailed` hooks, but after it has set the
      // test's result: decide from that (a failed assertion, a throw, a failed afterEach).
      const failed = threw || task.result?.state === 'fail' || (task.result?.errors?.length ?? 0) > 0
      await wrapped.finish(failed ? 'failed' : 'passed')
    }
  }, configuredPerf),
})

/** The config's `perf`, from the run's handoff (the worker does not load the config itself). */
async function configuredPerf(): Promise<boolean | undefined> {
  return (await workerTestbed(safeInject())).handoff.perf
}

/**
 * The same as `test`, for suites written with `it`.
 *
 * @example
 * it('starts empty', async ({ db }) => {
 *   expect((await db.query('SELECT * FROM bookings')).rows).toEqual([])
 * })
 */
export const it = test

function safeInject(): RunHandoff | undefined {
  try {
    return inject('pgtestbed')
  } catch {
    return undefined
  }
}
