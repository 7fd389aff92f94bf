import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from '../e2e/runner-project.js'

// `perf: true` in pgtestbed.config.json, no PGTESTBED_PERF anywhere: each runner records.
const project = runnerProject({
  'pgtestbed.config.json': '{ "perf": true }',
  'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['test/**/*.test.js'], globalSetup: ['pgtestbed/vitest/global-setup'], pool: 'forks' } })
`,
  'test/items.test.js': `
import { test, expect } from 'pgtestbed/vitest'
test('reads items', async ({ db }) => {
  expect((await db.query('SELECT count(*)::int AS n FROM items')).rows[0].n).toBe(2)
})
`,
  'node/items.test.js': `
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
test('counts items', withDatabase(async (db) => { await db.query('SELECT count(*) FROM items') }))
`,
})
afterAll(() => project.remove())
const perfDir = join(project.dir, '.pgtestbed', 'perf')
const cli = join(REPO, 'bin', 'pgtestbed.js')
const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
const recorded = (): string[] =>
  existsSync(join(perfDir, 'runs'))
    ? readdirSync(join(perfDir, 'runs')).flatMap((f) =>
        JSON.parse(readFileSync(join(perfDir, 'runs', f), 'utf8')).tests.map((t: { name: string }) => t.name),
      )
    : []
// The outer run may have tracking switched on; the runners under test must not inherit it.
const noFlag = { PGTESTBED_PERF: '' }

describe('perf: true in the config', () => {
  beforeEach(() => rmSync(perfDir, { recursive: true, force: true }))

  it('vitest records every test and writes the run record at the end', async () => {
    const result = await exec(process.execPath, [vitest, 'run'], { cwd: project.dir, env: noFlag })
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/pgtestbed perf: 1 tests recorded/)
    expect(recorded()).toEqual(['reads items'])
  })

  it('PGTESTBED_PERF=0 still turns it off', async () => {
    const result = await exec(process.execPath, [vitest, 'run'], {
      cwd: project.dir,
      env: { PGTESTBED_PERF: '0' },
    })
    expect(result.code, result.output).toBe(0)
    expect(result.output).not.toMatch(/pgtestbed perf:/)
    expect(existsSync(perfDir)).toBe(false)
  })

  it('`pgtestbed run` (no --perf) records node:test', async () => {
    const result = await exec(process.execPath, [cli, 'run', '--', process.execPath, '--test', 'node/'], {
      cwd: project.dir,
      env: noFlag,
    })
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/pgtestbed perf: 1 tests recorded/)
    expect(recorded()).toEqual(['counts items'])
  })

  it('node --test alone records into pending records that `perf report` gathers', async () => {
    const result = await exec(process.execPath, ['--test', 'node/'], { cwd: project.dir, env: noFlag })
    expect(result.code, result.output).toBe(0)
    expect(readdirSync(join(perfDir, 'pending'))).toEqual(['local.ndjson'])
    const report = await exec(process.execPath, [cli, 'perf', 'report'], { cwd: project.dir, env: noFlag })
    expect(report.code, report.output).toBe(0)
    expect(recorded()).toEqual(['counts items'])
  })
})
