/**
 * `pgtestbed/node-test`: a fresh isolated database per `node:test` test.
 * Run the suite with `pgtestbed run -- node --test` so every test file attaches to one server
 * and template; without it, each test file process starts a cluster of its own.
 *
 * @example
 * import { test } from 'node:test'
 * import { withDatabase } from 'pgtestbed/node-test'
 * test('counts users', withDatabase(async (db) => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   assert.equal(rows[0].n, 2)
 * }))
 * @module
 */
import { after } from 'node:test'
import { nodeTestMeta, perfFixture } from '../../perf/track-test.js'
import { HANDOFF_ENV } from '../../pool/handoff.js'
import { closeWorkerTestbed, type TestDb, workerTestbed, wrapDatabase } from '../shared/test-database.js'

export type { TestDb } from '../shared/test-database.js'

// Registered when the test file imports this module (top level), so it runs once after all of
// the file's tests; registered from inside a test it would run after that test only.
after(() => closeWorkerTestbed())

// Under `pgtestbed run`: attach as the file loads, so the pool clones before the first test.
if (process.env[HANDOFF_ENV] !== undefined) void workerTestbed().catch(() => undefined)

/** Acquires a database for one test; call `finish` when done (withDatabase does it for you). */
export async function acquireDatabase(): Promise<ReturnType<typeof wrapDatabase>> {
  const bed = await workerTestbed()
  return wrapDatabase(await bed.acquire())
}

/**
 * Wraps a test function: it receives a fresh database (and the test context); the database is
 * dropped when the test passes and kept, with its URL printed, when it fails.
 *
 * @example
 * test('counts users', withDatabase(async (db) => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   assert.equal(rows[0].n, 2)
 * }))
 */
export function withDatabase<T>(fn: (db: TestDb, t: T) => unknown): (t: T) => Promise<void> {
  return async (t: T) => {
    const skipped = watchSkip(t)
    const meta = nodeTestMeta(t)
    return perfFixture<TestDb>(
      () => ({ ...meta(), state: skipped() ? 'skip' : undefined }),
      async (use) => {
        const { db, finish } = await acquireDatabase()
        let outcome: 'passed' | 'failed' = 'failed'
        try {
          await use(db)
          outcome = 'passed'
        } finally {
          await finish(outcome)
        }
      },
      (db) => Promise.resolve(fn(db, t)).then(() => undefined),
      async () => (await workerTestbed()).handoff.perf,
    )
  }
}

/**
 * node:test's `t.skip()` marks the test skipped but lets its body run on, so the fixture cannot
 * tell; this notes the call (the context's own method still runs) so the test is not recorded.
 */
function watchSkip(t: unknown): () => boolean {
  let called = false
  const context = t as { skip?: (...args: unknown[]) => unknown } | undefined
  const skip = context?.skip
  if (context !== undefined && typeof skip === 'function') {
    context.skip = (...args: unknown[]) => {
      called = true
      return skip.apply(context, args)
    }
  }
  return () => called
}
