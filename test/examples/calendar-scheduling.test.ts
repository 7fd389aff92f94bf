import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exec, REPO } from '../e2e/runner-project.js'

// examples/calendar-scheduling as its README says to run it: its two commands from its folder
// (its own config, template, mock server and perf records), then its committed CI workflow is
// checked to be what `ci init github` generates today, and valid for GitHub Actions.
const EXAMPLE = join(REPO, 'examples', 'calendar-scheduling')
const WORKFLOWS = ['.github/workflows/pgtestbed.yml', '.github/workflows/pgtestbed-oauth-rotation.yml']
// Nothing of this suite's own run (its server, its handoff, an OAuth switch) reaches the example.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !k.startsWith('VITEST') &&
      !k.startsWith('PGTESTBED_') &&
      k !== 'DATABASE_URL' &&
      k !== 'OAUTH_STRATEGY',
  ),
)

describe('examples/calendar-scheduling', () => {
  it('passes with the README’s commands: every test, then the perf budgets over the records', async () => {
    const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8')
    expect(readme).toContain('npx vitest run ')
    expect(readme).toContain('npx pgtestbed perf check ')

    const plain = { ...env, NO_COLOR: '1' }
    const tests = await exec('npx', ['vitest', 'run'], { cwd: EXAMPLE, env: plain, timeoutMs: 240_000 })
    expect(tests.code, tests.output).toBe(0)
    expect(tests.output).toMatch(/Tests +21 passed \| 1 skipped \(22\)/)
    // The real-calendar test says why it did not run.
    expect(tests.output).toMatch(
      /↓ .*real calendars: .*OAUTH_STRATEGY is not .*real.*: the mock packs stand in/,
    )
    // Every test with a database, but not the one that skipped itself (and not the linter's, which has none).
    expect(tests.output).toMatch(/pgtestbed perf: 20 tests recorded/)

    // Budgets are times, which depend on the machine: the check must run over this run's records
    // and every budget of the config, and exit 0 (within) or 1 (over, each breach named) — never 2.
    const check = await exec('npx', ['pgtestbed', 'perf', 'check', '--json'], { cwd: EXAMPLE, env: plain })
    expect([0, 1], check.output).toContain(check.code)
    const report = JSON.parse(check.output.slice(check.output.indexOf('{'))) as {
      samples: number
      checked: number
      breaches: { scope: string; name: string; actualMs: number; budgetMs: number }[]
      notes: string[]
    }
    expect(report).toMatchObject({ samples: 1, checked: 5, notes: [] })
    expect(check.code).toBe(report.breaches.length > 0 ? 1 : 0)
    for (const b of report.breaches) expect(b.actualMs).toBeGreaterThan(b.budgetMs)
  }, 300_000)

  it('commits the workflow `ci init github` generates, valid for GitHub Actions', () => {
    const cli = join(REPO, 'bin', 'pgtestbed.js')
    const args = [
      'ci',
      'init',
      'github',
      '--runner',
      'vitest',
      '--shards',
      '2',
      '--oauth-providers',
      'google,microsoft',
      '--print',
      '--json',
    ]
    const generated = spawnSync(process.execPath, [cli, ...args], { cwd: EXAMPLE, env, encoding: 'utf8' })
    expect(generated.status, generated.stderr).toBe(0)
    const { files } = JSON.parse(generated.stdout) as { files: { path: string; text: string }[] }
    expect(files.map((f) => f.path)).toEqual(WORKFLOWS)
    for (const file of files) {
      expect(readFileSync(join(EXAMPLE, file.path), 'utf8'), `${file.path} is stale: regenerate it`).toBe(
        file.text,
      )
      const validator = join(REPO, 'node_modules', '.bin', 'action-validator')
      const valid = spawnSync(validator, [join(EXAMPLE, file.path)], { encoding: 'utf8' })
      expect(valid.status, `${file.path}:\n${valid.stdout}${valid.stderr}`).toBe(0)
    }
    // What the team asked of it: a job per tier, shards, and the monthly token rotation.
    const main = files[0]!.text
    for (const tier of ['minimal', 'realistic', 'performance'])
      expect(main).toContain(`PGTESTBED_TIER: ${tier}`)
    expect(main).toMatch(/shard:\n\s+- 1\n\s+- 2/)
    expect(files[1]!.text).toContain('cron: 0 6 1 * *')
    for (const provider of ['GOOGLE', 'MICROSOFT'])
      expect(files[1]!.text).toContain(`--github-secret OAUTH_${provider}_REFRESH_TOKEN`)
    // Its shards split by the committed durations: the fixture checks alone, the rest together.
    const shard = (index: number) => {
      const durations = ['--durations', 'ci-durations/vitest.xml']
      const args = ['shard', '--total', '2', '--index', String(index), ...durations, '--json']
      const out = spawnSync(process.execPath, [cli, ...args], { cwd: EXAMPLE, env, encoding: 'utf8' })
      expect(out.status, out.stderr).toBe(0)
      return JSON.parse(out.stdout) as { files: string[]; balancedBy: string }
    }
    expect(shard(1)).toMatchObject({ balancedBy: 'durations', files: ['test/fixtures.test.ts'] })
    expect(shard(2).files).toEqual([
      'test/bookings.test.ts',
      'test/calendars.test.ts',
      'test/migrations.test.ts',
      'test/real-calendars.test.ts',
    ])
  })
})
