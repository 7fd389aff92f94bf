import { describe, expect, it } from 'vitest'
import { databasesLeftBy, runExampleCommand } from '../support/example-command.js'
import { pythonMissing } from '../support/python.js'

// examples/schema-tdd: a schema written test-first with Alembic, checked with the README's four
// commands and Debian's python3-* packages (.ci/run installs them).
const missing = pythonMissing(['pytest', 'alembic', 'psycopg2', 'psycopg'])
describe.skipIf(missing !== undefined)(`examples/schema-tdd${missing ? ` (${missing})` : ''}`, () => {
  it('`npx pgtestbed migrations test`: Alembic up, idempotent, round trip and the down chain pass', async () => {
    const run = await runExampleCommand('schema-tdd', ['npx', 'pgtestbed', 'migrations', 'test'])
    for (const check of ['up', 'idempotent', 'roundtrip', 'down'])
      expect(run.out).toMatch(new RegExp(`ok +${check}:`))
    expect(run.out).toContain('4 down step(s) brought the schema back to empty')
    expect(run.code).toBe(0)
    expect(await databasesLeftBy(run.runId)).toEqual([])
  })

  it('`python3 -m pytest`: integrity, JSONB and partition behaviour, a database per test', async () => {
    const run = await runExampleCommand('schema-tdd', ['python3', '-m', 'pytest', '-p', 'no:cacheprovider'])
    expect(run.out).toMatch(/\b21 passed\b/)
    expect(run.out).not.toMatch(/\b(failed|skipped|error)\b/)
    expect(run.code).toBe(0)
    expect(await databasesLeftBy(run.runId)).toEqual([])
  })

  it('`npx pgtestbed run -- node --test schema/`: schema and plan assertions', async () => {
    const run = await runExampleCommand('schema-tdd', [
      'npx',
      'pgtestbed',
      'run',
      '--',
      'node',
      '--test',
      'schema/',
    ])
    expect(run.out).toMatch(/^# pass 7$/m)
    expect(run.out).toMatch(/^# fail 0$/m)
    expect(run.code).toBe(0)
    expect(await databasesLeftBy(run.runId)).toEqual([])
  })

  it('`npx pgtestbed schema check`: what Alembic builds matches the committed snapshot', async () => {
    const run = await runExampleCommand('schema-tdd', ['npx', 'pgtestbed', 'schema', 'check'])
    expect(run.out).toContain(
      'schema.snapshot.json matches the schema after `python3 -m alembic upgrade head`',
    )
    expect(run.code).toBe(0)
  })
})
