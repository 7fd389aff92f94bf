import { describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'

describe('pgtestbed demo', () => {
  it('runs the example project end to end on an embedded cluster, with a phase list', async () => {
    const result = await runCli(['demo', '--json'], {
      cwd: process.cwd(),
      env: { PATH: process.env['PATH'] },
    })
    expect(result.code).toBe(0)
    const data = result.json() as {
      engine: string
      tests: { passed: number; failed: number; failures: unknown[] }
      fixtures: { version: string; rows: Record<string, number> }
      phases: { name: string; ms: number }[]
      perTest: { acquire: { p50: number } }
    }
    expect(data.engine).toBe('embedded')
    expect(data.tests).toEqual({ passed: 7, failed: 0, failures: [] })
    expect(data.fixtures.version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(Object.keys(data.fixtures.rows).sort()).toEqual(['bookings', 'rooms', 'users'])
    expect(data.phases.map((p) => p.name)).toEqual([
      expect.stringMatching(/^start an embedded PostgreSQL/),
      expect.stringMatching(/the template from 4 migrations$/),
      expect.stringMatching(/^run the example suite \(7 tests/),
      'hand out 10 fresh databases from the warm pool',
      expect.stringMatching(/^template from versioned fixtures/),
      'drop every database and stop the cluster',
    ])
  })
})
