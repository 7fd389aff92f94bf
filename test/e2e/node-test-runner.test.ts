import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from './runner-project.js'

const project = runnerProject({
  'test/items.test.js': `
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'

for (const n of [1, 2, 3]) {
  test('item test ' + n, withDatabase(async (db) => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM items')
    assert.equal(rows[0].n, 2)
    await db.query("INSERT INTO items (name) VALUES ('x')")
  }))
}
`,
  'failing/fails.test.js': `
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'

test('a failing test keeps its database', withDatabase(async (db) => {
  await db.query("INSERT INTO items (name) VALUES ('evidence')")
  assert.equal(1, 2)
}))
`,
})
afterAll(() => project.remove())
const cli = join(REPO, 'bin', 'pgtestbed.js')

describe('pgtestbed/node-test on a real node --test run', () => {
  it('runs every test file against one server and template through pgtestbed run', async () => {
    const result = await exec(process.execPath, [cli, 'run', '--', process.execPath, '--test', 'test/'], {
      cwd: project.dir,
    })
    expect(result.output).toMatch(/# pass 3/)
    expect(result.output).toMatch(/# fail 0/)
    expect(result.code).toBe(0)
  })

  it('a failing test fails the run and its database URL is printed for inspection', async () => {
    const up = await exec(process.execPath, [cli, 'up'], { cwd: project.dir })
    expect(up.code).toBe(0)
    try {
      const result = await exec(process.execPath, ['--test', 'failing/'], { cwd: project.dir })
      expect(result.code).not.toBe(0)
      const kept =
        /kept the database of a failed test for inspection: (\S+) \(full URL: pgtestbed db url (\w+)\)/.exec(
          result.output,
        )
      expect(kept).not.toBeNull()
      // The printed URL hides the cluster's password; `db url NAME` prints the full one.
      expect(kept?.[1]).toMatch(/^postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/pgt_/)
      const full = await exec(process.execPath, [cli, 'db', 'url', kept?.[2] ?? ''], { cwd: project.dir })
      expect(full.code).toBe(0)
      const url = full.output.trim()
      expect(url).not.toContain('***')
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const { rows } = await client.query("SELECT count(*)::int AS n FROM items WHERE name = 'evidence'")
      await client.end()
      expect(rows[0]?.n).toBe(1)
    } finally {
      await exec(process.execPath, [cli, 'down'], { cwd: project.dir })
    }
  })
})
