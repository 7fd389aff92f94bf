import { describe, expect, it } from 'vitest'
import { databasesLeftBy, runExampleCommand } from '../support/example-command.js'
import { pythonMissing } from '../support/python.js'

// examples/python-api: a FastAPI service tested with pytest through the pgtestbed plugin, run
// with its README's command and Debian's python3-* packages (.ci/run installs them).
const missing = pythonMissing(['pytest', 'fastapi', 'httpx', 'jwt', 'asyncpg', 'psycopg'])
describe.skipIf(missing !== undefined)(`examples/python-api${missing ? ` (${missing})` : ''}`, () => {
  it('passes every test with `python3 -m pytest`, a database per test, and leaves none behind', async () => {
    const run = await runExampleCommand('python-api', ['python3', '-m', 'pytest', '-p', 'no:cacheprovider'])
    expect(run.out).toMatch(/\b36 passed\b/)
    expect(run.out).not.toMatch(/\b(failed|skipped|error)\b/)
    expect(run.code).toBe(0)
    expect(await databasesLeftBy(run.runId)).toEqual([])
  })
})
