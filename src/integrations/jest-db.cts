/**
 * The `db` a jest test imports: a stand-in that forwards to the database the pgtestbed test
 * environment acquired for the running test. It reads the environment's hand-off from the test
 * file's global object, so this file needs nothing else — which lets it be CommonJS as well as
 * ESM (a CommonJS test file cannot `require` the ESM pool code inside jest's module registry).
 * @module
 */
import type { TestDb } from './shared/test-database.js'

/** Where the environment puts the running test's database (a Symbol.for key: shared across realms). */
const CURRENT = Symbol.for('pgtestbed.jest.current')

interface Slot {
  readonly db?: TestDb
  readonly error?: unknown
}

function current(): TestDb {
  const slot = (globalThis as Record<symbol, Slot | undefined>)[CURRENT]
  if (slot?.error !== undefined) throw slot.error
  if (slot?.db !== undefined) return slot.db
  throw new Error(
    'Failed to use db: no pgtestbed database is active. Use db inside a test (or a beforeEach/afterEach), and set ' +
      "testEnvironment: 'pgtestbed/jest/environment' in the jest config.",
  )
}

/**
 * The running test's own database: migrated and seeded, dropped after a passing test, kept
 * (URL printed) after a failing one.
 *
 * @example
 * import { db } from 'pgtestbed/jest'
 * test('counts users', async () => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   expect(rows[0].n).toBe(2)
 * })
 */
const db: TestDb = {
  get url() {
    return current().url
  },
  get name() {
    return current().name
  },
  query: (text, params) => current().query(text, params),
  connect: () => current().connect(),
}

export = { db }
