import { describe, expect, it } from 'vitest'
import { ConfigError, resolveConfig } from '../../src/public/index.js'
import { tempProject } from '../support/temp-project.js'

describe('perf settings in the config', () => {
  it('perf: true turns tracking on; PGTESTBED_PERF, when set, wins either way', async () => {
    expect((await resolveConfig({ config: {}, env: {} })).perf).toBe(false)
    expect((await resolveConfig({ config: { perf: true }, env: {} })).perf).toBe(true)
    expect((await resolveConfig({ config: { perf: true }, env: { PGTESTBED_PERF: '0' } })).perf).toBe(false)
    expect((await resolveConfig({ config: { perf: false }, env: { PGTESTBED_PERF: '1' } })).perf).toBe(true)
    expect((await resolveConfig({ config: {}, env: { PGTESTBED_PERF: 'true' } })).perf).toBe(true)
  })

  it('takes budgets per test, per named test, per file and for the suite', async () => {
    const perfBudgets = {
      test: { p95: 300 },
      tests: { 'test/a.test.ts > adds': { max: 50 } },
      files: { 'test/slow.test.ts': { p50: 1000 } },
      suite: { p50: 480_000 },
    }
    expect((await resolveConfig({ config: { perfBudgets }, env: {} })).perfBudgets).toEqual(perfBudgets)
  })

  it('names the config file and every bad budget field', async () => {
    const project = tempProject({
      'pgtestbed.config.json': JSON.stringify({
        perf: 'yes',
        perfBudgets: {
          test: { p95: '300ms' },
          files: { 'test/slow.test.ts': { p90: 1000 }, 'test/b.test.ts': 5 },
          suite: {},
          everything: { max: 1 },
        },
      }),
    })
    try {
      const error = await resolveConfig({ cwd: project.dir, env: {} }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigError)
      const message = (error as Error).message
      expect(message).toContain(`Invalid configuration in ${project.dir}/pgtestbed.config.json`)
      expect(message.split('\n').slice(1)).toEqual([
        '  - "perf" is "yes"; it must be true or false',
        '  - "perfBudgets.test.p95" is "300ms"; it must be a number of milliseconds (more than 0)',
        '  - unknown field "perfBudgets.files["test/slow.test.ts"].p90" (known fields: p50, p95, max, perTest)',
        '  - "perfBudgets.files["test/b.test.ts"]" is 5; it must be a budget in milliseconds like { p50: 100, p95: 300, max: 1000 }',
        '  - "perfBudgets.suite" is {}; it must be a budget in milliseconds like { p50: 100, p95: 300, max: 1000 }',
        '  - unknown field "perfBudgets.everything" (known fields: test, tests, files, suite)',
      ])
    } finally {
      project.remove()
    }
  })
})
