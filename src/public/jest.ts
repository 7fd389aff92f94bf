/**
 * `pgtestbed/jest`: the running test's own database, `db` — fresh, migrated and seeded per test —
 * for jest with `testEnvironment: 'pgtestbed/jest/environment'` (CommonJS: `require('pgtestbed/jest')`).
 *
 * @example
 * // jest.config.js
 * export default {
 *   testEnvironment: 'pgtestbed/jest/environment',
 *   globalSetup: 'pgtestbed/jest/global-setup',
 *   globalTeardown: 'pgtestbed/jest/global-teardown',
 * }
 * // users.test.js
 * import { db } from 'pgtestbed/jest'
 * test('counts users', async () => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   expect(rows[0].n).toBe(2)
 * })
 * @module
 */
import jestDb from '../integrations/jest-db.cjs'

export type { TestDb } from '../integrations/shared/test-database.js'

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
export const db = jestDb.db
