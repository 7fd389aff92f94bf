import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { serverUrl } from '../support/scratch-database.js'
import { uniquePrefix } from '../support/temp-project.js'
import { exec, REPO, runnerProject } from './runner-project.js'

// Each runner, run for real in a subprocess on the url engine (this run's shared server): a
// failing test's database is kept with its data and its URL printed; passing tests' are gone.
const prefix = uniquePrefix()
const project = runnerProject({
  'pgtestbed.config.json': JSON.stringify({ prefix, pool: { size: 2 } }),
  'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['vitest/**/*.test.js'], globalSetup: ['pgtestbed/vitest/global-setup'], pool: 'forks' } })
`,
  'vitest/mixed.test.js': `
import { test, expect } from 'pgtestbed/vitest'
test('passes', async ({ db }) => {
  await db.query("INSERT INTO items (name) VALUES ('passing')")
})
test('fails an assertion', async ({ db }) => {
  await db.query("INSERT INTO items (name) VALUES ('vitest-evidence')")
  expect(1).toBe(2)
})
test('passes too', async ({ db }) => {
  await db.query('SELECT 1')
})
`,
  'node-test/mixed.test.js': `
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
test('passes', withDatabase(async (db) => {
  await db.query("INSERT INTO items (name) VALUES ('passing')")
}))
test('fails an assertion', withDatabase(async (db) => {
  await db.query("INSERT INTO items (name) VALUES ('node-test-evidence')")
  assert.equal(1, 2)
}))
`,
  'run/fail.mjs': `
import { createRequire } from 'node:module'
const pg = createRequire(${JSON.stringify(`${REPO}/package.json`)})('pg')
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
await client.connect()
await client.query("INSERT INTO items (name) VALUES ('run-evidence')")
await client.end()
process.exit(process.argv[2] === 'fail' ? 1 : 0)
`,
})
afterAll(() => project.remove())
const env = { PGTESTBED_ENGINE: 'url', DATABASE_URL: '' }
const cli = join(REPO, 'bin', 'pgtestbed.js')

async function clones(): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}\\_%' AND NOT datistemplate ORDER BY 1`,
    )
    return rows.map((r) => r.datname)
  } finally {
    await client.end()
  }
}

/** The kept URLs printed, each checked to hold the failing test's row; then dropped. */
async function keptWithEvidence(output: string, evidence: string): Promise<string[]> {
  const urls = [...output.matchAll(/kept the database of a failed test for inspection: (\S+)/g)].map(
    (m) => m[1] ?? '',
  )
  for (const url of urls) {
    // The printed URL hides the password (`***`) and names `pgtestbed db url NAME` for the full one.
    expect(new URL(url).password).toBe('***')
    const full = new URL(serverUrl())
    full.pathname = new URL(url).pathname
    const client = new pg.Client({ connectionString: full.toString() })
    await client.connect()
    const { rows } = await client.query('SELECT name FROM items WHERE name = $1', [evidence])
    await client.end()
    expect(rows).toHaveLength(1)
  }
  return urls.map((u) => decodeURIComponent(new URL(u).pathname.slice(1)))
}

async function dropAll(names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await client.end()
}

describe("a failed test's database is kept and printed, a passing test's dropped", () => {
  it('vitest (pgtestbed/vitest)', async () => {
    const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
    const result = await exec(process.execPath, [vitest, 'run'], {
      cwd: project.dir,
      env: { ...env, DATABASE_URL: serverUrl(), NO_COLOR: '1' },
    })
    expect(result.output).toMatch(/1 failed \| 2 passed/)
    expect(result.code).not.toBe(0)
    const kept = await keptWithEvidence(result.output, 'vitest-evidence')
    expect(kept).toHaveLength(1)
    expect(await clones()).toEqual(kept)
    await dropAll(kept)
  })

  it('node:test (pgtestbed/node-test)', async () => {
    const result = await exec(process.execPath, ['--test', 'node-test/'], {
      cwd: project.dir,
      env: { ...env, DATABASE_URL: serverUrl() },
    })
    expect(result.output).toMatch(/# fail 1/)
    expect(result.code).not.toBe(0)
    const kept = await keptWithEvidence(result.output, 'node-test-evidence')
    expect(kept).toHaveLength(1)
    expect(await clones()).toEqual(kept)
    await dropAll(kept)
  })

  it('pgtestbed run -- CMD', async () => {
    const failed = await exec(
      process.execPath,
      [cli, 'run', '--', process.execPath, 'run/fail.mjs', 'fail'],
      {
        cwd: project.dir,
        env: { ...env, DATABASE_URL: serverUrl() },
      },
    )
    expect(failed.code).toBe(1)
    const kept = await keptWithEvidence(failed.output, 'run-evidence')
    expect(kept).toHaveLength(1)
    const passed = await exec(
      process.execPath,
      [cli, 'run', '--', process.execPath, 'run/fail.mjs', 'pass'],
      {
        cwd: project.dir,
        env: { ...env, DATABASE_URL: serverUrl() },
      },
    )
    expect(passed.code).toBe(0)
    expect(passed.output).not.toContain('kept the database')
    expect(await clones()).toEqual(kept)
    await dropAll(kept)
  })
})
