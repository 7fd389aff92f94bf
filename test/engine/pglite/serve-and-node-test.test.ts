/**
 * The language-neutral service and node:test on the pglite engine: `pgtestbed serve` hands out
 * migrated databases over HTTP (as the pytest plugin asks for them), and `pgtestbed run -- node
 * --test` gives each node:test test its own database — neither needed engine-specific code.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHandle, startServe } from '../../../src/serve/index.js'
import { exec, REPO } from '../../e2e/runner-project.js'
import { query } from '../../support/query.js'
import { tempProject } from '../../support/temp-project.js'

const project = tempProject({
  'migrations/001_items.sql':
    "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO items (name) VALUES ('seed');",
})
let serve: ServeHandle

beforeAll(async () => {
  serve = await startServe({
    cwd: project.dir,
    config: { engine: 'pglite', migrations: 'migrations' },
    env: {},
  })
}, 180_000)
afterAll(async () => {
  await serve?.close()
  project.remove()
})

describe('pgtestbed serve on the pglite engine', () => {
  it('hands out isolated, migrated databases and drops them on release', async () => {
    const auth = { authorization: `Bearer ${serve.token}` }
    const take = async () => {
      const res = await fetch(`${serve.url}/pgtestbed/v1/databases`, { method: 'POST', headers: auth })
      expect(res.status).toBe(200)
      return (await res.json()) as { id: number; name: string; url: string }
    }
    const a = await take()
    const b = await take()
    await query(a.url, "INSERT INTO items (name) VALUES ('only in a')")
    expect(await query(a.url, 'SELECT name FROM items ORDER BY id')).toEqual([
      { name: 'seed' },
      { name: 'only in a' },
    ])
    expect(await query(b.url, 'SELECT name FROM items ORDER BY id')).toEqual([{ name: 'seed' }])
    for (const db of [a, b]) {
      const back = await fetch(`${serve.url}/pgtestbed/v1/databases/${db.id}/release`, {
        method: 'POST',
        headers: auth,
      })
      expect(await back.json()).toEqual({ kept: false, name: db.name })
    }
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/)
  }, 120_000)
})

describe('node:test under pgtestbed run on the pglite engine', () => {
  it('gives each test its own database', async () => {
    const dir = tempProject({
      'migrations/001_items.sql': 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);',
      'package.json': '{ "type": "module" }',
      'test/items.test.mjs': `
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withDatabase } from ${JSON.stringify(join(REPO, 'dist', 'integrations', 'node-test', 'index.js'))}
for (const name of ['first', 'second'])
  test(name, withDatabase(async (db) => {
    await db.query('INSERT INTO items (name) VALUES ($1)', [name])
    const { rows } = await db.query('SELECT name FROM items')
    assert.deepEqual(rows, [{ name }])
  }))
`,
    })
    try {
      const result = await exec(
        process.execPath,
        [join(REPO, 'bin', 'pgtestbed.js'), 'run', '--', process.execPath, '--test', 'test/'],
        { cwd: dir.dir, env: { PGTESTBED_ENGINE: 'pglite' }, timeoutMs: 240_000 },
      )
      expect(result.code, result.output).toBe(0)
      expect(result.output).toMatch(/# pass 2/)
    } finally {
      dir.remove()
    }
  }, 300_000)
})
