/**
 * The vitest integration, unchanged, on the pglite engine: the global setup starts PGlite in
 * vitest's main process, the workers attach over the router's URL from their own processes.
 */
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from '../../e2e/runner-project.js'

const testFile = (label: string): string => `
import { test, expect } from 'pgtestbed/vitest'

for (const n of [1, 2]) {
  test('${label} ' + n + ': starts from the seed and writes freely', async ({ db }) => {
    const before = await db.query('SELECT count(*)::int AS n FROM items')
    expect(before.rows[0].n).toBe(2)
    await db.query("INSERT INTO items (name) VALUES ('${label}-' || $1)", [n])
    const other = await db.connect()
    const after = await other.query("SELECT version() LIKE '%PGlite%' AS pglite, count(*)::int AS n FROM items")
    expect(after.rows[0]).toEqual({ pglite: true, n: 3 })
  })
}
`

const project = runnerProject({
  'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { globalSetup: ['pgtestbed/vitest/global-setup'], pool: 'forks', fileParallelism: true, testTimeout: 60000 } })
`,
  'test/a.test.js': testFile('a'),
  'test/b.test.js': testFile('b'),
})
afterAll(() => project.remove())

it('gives every test of parallel workers its own database with PGTESTBED_ENGINE=pglite', async () => {
  const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
  const result = await exec(process.execPath, [vitest, 'run', '--reporter=verbose'], {
    cwd: project.dir,
    env: { PGTESTBED_ENGINE: 'pglite', PGTESTBED_POOL_SIZE: '1' },
    timeoutMs: 240_000,
  })
  expect(result.output).toMatch(/Tests\s+.*4 passed/)
  expect(result.code).toBe(0)
}, 250_000)
