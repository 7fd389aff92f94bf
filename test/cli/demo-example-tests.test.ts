import { afterAll, describe, expect, inject, it } from 'vitest'
import { runExampleTests } from '../../src/cli/commands/demo-example-tests.js'
import type { RunHandoff } from '../../src/pool/handoff.js'
import { tempProject } from '../support/temp-project.js'

/** A run's handoff; these tests never acquire, they only need the server in the environment. */
const handoff = (): RunHandoff => ({
  url: inject('serverUrl'),
  runId: 'demo-test',
  prefix: 'pgt',
  template: 'none',
  strategy: 'file_copy',
  onFailure: 'drop',
  pool: { size: 1, maxDatabases: 10, acquireTimeoutMs: 1000, quietAfterAcquireMs: 0 },
})

describe('the demo names a failing example test and its error', () => {
  const project = tempProject({
    'package.json': '{ "type": "module" }',
    'test/a.test.js': [
      "import assert from 'node:assert/strict'",
      "import { describe, test } from 'node:test'",
      "test('passes', () => {})",
      "test('sees the server', () => assert.match(process.env.PGTESTBED_URL, /^postgres/))",
      "describe('bookings', () => {",
      "  test('counts wrong', () => assert.equal(1 + 1, 3))",
      '})',
      "test('rejects late', async () => { Promise.reject(new Error('unhandled 23P01')); await new Promise((r) => setTimeout(r, 20)) })",
    ].join('\n'),
  })
  afterAll(() => project.remove())

  it('lists each failed test with its location and error, not only a count', async () => {
    const result = await runExampleTests(project.dir, handoff())
    expect(result.passed).toBe(2)
    expect(result.failed).toBe(2)
    expect(result.failures.map((f) => f.name)).toEqual(['counts wrong', 'rejects late'])
    expect(result.failures[0]?.location).toMatch(/a\.test\.js:6:/)
    expect(result.failures[0]?.error).toContain('2 !== 3')
    expect(result.failures[1]?.error).toContain('unhandled 23P01')
  })

  it('reports a suite that cannot even load as a failure', async () => {
    const broken = tempProject({
      'package.json': '{ "type": "module" }',
      'test/b.test.js': 'this is not JavaScript',
    })
    try {
      const result = await runExampleTests(broken.dir, handoff())
      expect(result.failed).toBeGreaterThan(0)
      expect(result.failures[0]?.error).toMatch(/SyntaxError|Unexpected/)
    } finally {
      broken.remove()
    }
  })
})
