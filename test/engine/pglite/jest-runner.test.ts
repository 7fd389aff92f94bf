/**
 * The jest integration, unchanged, on the pglite engine: jest's global setup starts PGlite in
 * jest's main process; each test file's environment attaches over the router's URL.
 */
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from '../../e2e/runner-project.js'

const testFile = (label: string): string => `
const { db } = require('pgtestbed/jest')
for (const n of [1, 2]) {
  test('${label} ' + n + ': starts from the seed and writes freely', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM items')
    expect(before.rows[0].n).toBe(2)
    await db.query("INSERT INTO items (name) VALUES ('${label}-' || $1)", [n])
    const after = await db.query("SELECT version() LIKE '%PGlite%' AS pglite, count(*)::int AS n FROM items")
    expect(after.rows[0]).toEqual({ pglite: true, n: 3 })
  })
}
`

const project = runnerProject({
  'package.json': '{ "name": "jest-pglite", "private": true }',
  'jest.config.js': `module.exports = {
  testEnvironment: 'pgtestbed/jest/environment',
  globalSetup: 'pgtestbed/jest/global-setup',
  globalTeardown: 'pgtestbed/jest/global-teardown',
  testTimeout: 60000,
}`,
  'test/a.test.js': testFile('a'),
  'test/b.test.js': testFile('b'),
})
afterAll(() => project.remove())

it('gives every jest test its own database with PGTESTBED_ENGINE=pglite', async () => {
  const jest = join(REPO, 'node_modules', 'jest', 'bin', 'jest.js')
  const result = await exec(process.execPath, [jest, '--ci'], {
    cwd: project.dir,
    env: { PGTESTBED_ENGINE: 'pglite', PGTESTBED_POOL_SIZE: '1', NO_COLOR: '1' },
    timeoutMs: 240_000,
  })
  expect(result.output).toMatch(/Tests:\s+4 passed, 4 total/)
  expect(result.code).toBe(0)
}, 250_000)
