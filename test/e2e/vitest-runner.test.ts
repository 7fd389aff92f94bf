import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from './runner-project.js'

const testFile = (label: string): string => `
import { test, expect } from 'pgtestbed/vitest'

for (const n of [1, 2, 3]) {
  test('${label} ' + n + ': starts from the seed and writes freely', async ({ db }) => {
    const before = await db.query('SELECT count(*)::int AS n FROM items')
    expect(before.rows[0].n).toBe(2)
    await db.query("INSERT INTO items (name) VALUES ('${label}-' || $1)", [n])
    const other = await db.connect()
    const after = await other.query('SELECT count(*)::int AS n FROM items')
    expect(after.rows[0].n).toBe(3)
    expect(db.url).toContain(db.name)
  })
}
`

const project = runnerProject({
  'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { globalSetup: ['pgtestbed/vitest/global-setup'], pool: 'forks', fileParallelism: true } })
`,
  'test/a.test.js': testFile('a'),
  'test/b.test.js': testFile('b'),
})
afterAll(() => project.remove())

describe('pgtestbed/vitest on a real vitest run', () => {
  it('gives every test of parallel workers its own migrated, seeded database', async () => {
    const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
    const result = await exec(process.execPath, [vitest, 'run', '--reporter=verbose'], { cwd: project.dir })
    expect(result.output).toMatch(/Tests\s+.*6 passed/)
    expect(result.code).toBe(0)
  })
})
