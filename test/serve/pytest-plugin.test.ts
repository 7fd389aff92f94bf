import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/crash.js'
import { PYTHON, pythonMissing } from '../support/python.js'
import { query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'

// The pytest plugin (python/, pure Python) run by Debian's python3-pytest on the example project
// (python/example: its own SQL migrations, psycopg and asyncpg tests); it starts `pgtestbed
// serve` itself. The cluster is the test run's shared one (engine url), a run id per pytest run.
const PYTHON_DIR = fileURLToPath(new URL('../../python', import.meta.url))
const EXAMPLE = fileURLToPath(new URL('../../python/example', import.meta.url))

async function pytest(args: string[]): Promise<{ code: number | null; out: string; runId: string }> {
  const runId = `r${Math.random().toString(36).slice(2, 10)}`
  const child = spawn(
    PYTHON,
    ['-m', 'pytest', '-p', 'pgtestbed_pytest.plugin', '-p', 'no:cacheprovider', ...args],
    {
      cwd: EXAMPLE,
      env: {
        PATH: process.env['PATH'],
        PYTHONPATH: PYTHON_DIR,
        PYTHONDONTWRITEBYTECODE: '1',
        PGTESTBED_COMMAND: `${process.execPath} ${BIN}`,
        PGTESTBED_ENGINE: 'url',
        DATABASE_URL: serverUrl(),
        PGTESTBED_RUN_ID: runId,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, out, runId }
}

async function databasesOfRun(runId: string): Promise<string[]> {
  const rows = await query<{ d: string }>(
    serverUrl(),
    `SELECT datname AS d FROM pg_database WHERE datname LIKE 'pgt\\_${runId}\\_%'`,
  )
  return rows.map((r) => r.d)
}

const missing = pythonMissing(['pytest', 'xdist', 'psycopg', 'asyncpg'])
describe.skipIf(missing !== undefined)(`the pytest plugin${missing ? ` (${missing})` : ''}`, () => {
  it('gives each test its own database, with psycopg and asyncpg, and cleans up after the run', async () => {
    const run = await pytest(['-q'])
    expect(run.out).toMatch(/7 passed/)
    expect(run.code).toBe(0)
    expect(await databasesOfRun(run.runId)).toEqual([])
  })

  it('works with pytest-xdist workers: one service, a database per test on every worker', async () => {
    const run = await pytest(['-q', '-n', '2'])
    expect(run.out).toMatch(/7 passed/)
    expect(run.code).toBe(0)
    expect(await databasesOfRun(run.runId)).toEqual([])
  })

  it('keeps a failed test database and names it in the report, password redacted', async () => {
    const run = await pytest(['-q', '../example/failing'])
    expect(run.code).toBe(1)
    const name = /database of this test: postgresql:\/\/[^:]+:\*\*\*@[^/]+\/(\S+)/.exec(run.out)?.[1]
    expect(name).toBeDefined()
    expect(run.out).toContain(`pgtestbed db url ${name}`)
    expect(new URL(serverUrl()).password === '' || !run.out.includes(new URL(serverUrl()).password)).toBe(
      true,
    )
    const kept = await databasesOfRun(run.runId)
    expect(kept).toEqual([name])
    // The evidence is still there to inspect.
    const url = new URL(serverUrl())
    url.pathname = `/${name}`
    expect(
      await query(url.toString(), "SELECT email FROM users WHERE email = 'evidence@example.com'"),
    ).toHaveLength(1)
    await query(serverUrl(), `DROP DATABASE "${name}"`)
  })
})
