import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

async function pytest(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; out: string; runId: string }> {
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
        ...extraEnv,
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

  it('with PGTESTBED_PERF=1, the service records each test that took a database (xdist workers too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgt-pytest-perf-'))
    try {
      const run = await pytest(['-q', '-n', '2'], { PGTESTBED_PERF: '1', PGTESTBED_PERF_DIR: dir })
      expect(run.code, run.out).toBe(0)
      expect(run.out).toMatch(/pgtestbed perf: 6 tests recorded/)
      const [file, ...more] = readdirSync(join(dir, 'runs'))
      expect(more).toEqual([])
      const record = JSON.parse(readFileSync(join(dir, 'runs', file ?? ''), 'utf8')) as {
        tests: { id: string; name: string; line: number; outcome: string; phases: Record<string, number> }[]
      }
      // The session-scoped database's test is not a per-test database: no record.
      expect(record.tests.map((t) => t.name).sort()).toEqual([
        'test_asyncpg_gets_its_own_databases',
        'test_constraints_come_from_the_migrations',
        ...[0, 1, 2, 3].map((i) => `test_fresh_database_per_test[${i}]`),
      ])
      const fresh = record.tests.find((t) => t.name === 'test_fresh_database_per_test[2]')
      expect(fresh).toMatchObject({
        id: 'tests/test_isolation.py > test_fresh_database_per_test[2]',
        line: 7,
        outcome: 'passed',
      })
      expect(fresh?.phases['body']).toBeGreaterThan(0)
      const top = (fresh as unknown as { top: { query: string; calls: number }[] }).top
      expect(top.some((q) => q.query.startsWith('INSERT INTO users'))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
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
