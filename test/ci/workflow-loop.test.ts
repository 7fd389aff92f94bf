import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from '../e2e/runner-project.js'
import { runCli } from '../support/run-cli.js'
import { tempProject } from '../support/temp-project.js'
import { runWorkflow } from './run-workflow.js'

// The whole loop as a user would do it: take examples/bookings, install pgtestbed, generate the
// workflow, then run its steps in order locally (no GitHub runner here) — every step passes.
const project = tempProject({})
const runnerTemp = mkdtempSync(join(tmpdir(), 'pgt-runner-'))
const dataRoot = join(runnerTemp, 'pgtestbed')
// As root (this machine) the server runs as another user, who must pass through RUNNER_TEMP.
chmodSync(runnerTemp, 0o711)
cpSync(join(REPO, 'examples', 'bookings'), project.dir, { recursive: true })
writeFileSync(
  join(project.dir, 'package.json'),
  JSON.stringify({
    name: 'bookings',
    private: true,
    type: 'module',
    devDependencies: { pgtestbed: `file:${REPO}` },
  }),
)
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('VITEST') && !k.startsWith('PGTESTBED_') && k !== 'DATABASE_URL',
  ),
)
afterAll(() => {
  spawnSync(process.execPath, [join(REPO, 'bin', 'pgtestbed.js'), 'down'], {
    cwd: project.dir,
    env: { ...env, PGTESTBED_DATA_ROOT: dataRoot },
  })
  project.remove()
  rmSync(runnerTemp, { recursive: true, force: true })
})

describe('ci init github, then the workflow run locally on examples/bookings', () => {
  it('generates the workflow and every step of every shard passes', async () => {
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: project.dir,
      env,
      encoding: 'utf8',
    })
    expect(install.status, install.stderr).toBe(0)
    const init = await runCli(['ci', 'init', 'github'], { cwd: project.dir, env })
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain('wrote .github/workflows/pgtestbed.yml (node-test, npm')
    const text = readFileSync(join(project.dir, '.github/workflows/pgtestbed.yml'), 'utf8')
    const steps = runWorkflow(text, { cwd: project.dir, event: 'push', env, temp: runnerTemp })
    const ran = steps.filter((s) => s.status !== 'skipped')
    for (const step of ran)
      expect(step.status, `${step.step} (shard ${step.matrix['shard']}):\n${step.output}`).toBe('passed')
    // Two shards (two test files), each ran its own file through node --test and wrote JUnit.
    const tests = ran.filter((s) => s.step.startsWith('Test'))
    expect(tests.map((s) => s.matrix['shard'])).toEqual([1, 2])
    for (const t of tests) expect(t.output).toMatch(/ℹ fail 0/)
    expect(tests.map((t) => /ℹ pass (\d+)/.exec(t.output)?.[1]).every((n) => Number(n) > 0)).toBe(true)
    // The failure-only steps (dumps) did not run; the install, up and summary did.
    expect(steps.filter((s) => s.step.startsWith('Dump')).every((s) => s.status === 'skipped')).toBe(true)
    expect(ran.map((s) => s.step)).toEqual(expect.arrayContaining(['Install', 'Start PostgreSQL', 'Summary']))
  }, 480_000) // npm install, a cluster per shard, two node --test runs: minutes on a shared 2-core machine
})
