/**
 * `pgtestbed/node-test`: a fresh isolated database per `node:test` test.
 *
 * @example
 * import { test } from 'node:test'
 * import { withDatabase } from 'pgtestbed/node-test'
 * test('counts users', withDatabase(async (db) => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 * }))
 * @module
 */
export { type TestDb, withDatabase } from '../integrations/node-test/index.js'
