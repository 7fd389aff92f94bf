/**
 * `pgtestbed/vitest`: vitest's `test`, with a `db` fixture — a fresh isolated database per test.
 *
 * @example
 * import { test, expect } from 'pgtestbed/vitest'
 * test('counts users', async ({ db }) => {
 *   const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
 *   expect(rows[0].n).toBe(2)
 * })
 * @module
 */
export { expect, it, type TestDb, test } from '../integrations/vitest/index.js'
