import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO } from '../e2e/runner-project.js'
import { runCli } from '../support/run-cli.js'
import { tempProject } from '../support/temp-project.js'

const validator = join(REPO, 'node_modules', '.bin', 'action-validator')
const projects: { remove(): void }[] = []
afterAll(() => {
  for (const p of projects) p.remove()
})

function project(files: Record<string, string>): string {
  const p = tempProject({ 'test/a.test.ts': 'x', 'test/b.test.ts': 'x', ...files })
  projects.push(p)
  return p.dir
}

const vitestProject = () =>
  project({
    'package.json': JSON.stringify({ devDependencies: { vitest: '^4.1.0' }, engines: { node: '>=22' } }),
    'package-lock.json': '{}',
    'fixtures/versions/v1.0.0/minimal/users.sql': 'INSERT INTO users VALUES (1);',
    'fixtures/versions/v1.0.0/realistic/users.sql': 'INSERT INTO users VALUES (1);',
    'fixtures/versions/v1.0.0/performance/users.sql': 'INSERT INTO users VALUES (1);',
  })
const jestProject = () =>
  project({ 'package.json': JSON.stringify({ devDependencies: { jest: '^30.0.0' } }), 'pnpm-lock.yaml': '' })
const nodeTestProject = () => project({ 'test/a.test.ts': "import { test } from 'node:test'\n" })
// A Python team's project: package.json only for pgtestbed itself, tests in pytest.
const pytestProject = () =>
  project({
    'package.json': JSON.stringify({ devDependencies: { pgtestbed: '*' } }),
    'package-lock.json': '{}',
    'requirements.txt': 'fastapi\n',
    '.python-version': '3.11\n',
    'tests/test_api.py': 'def test_x(): pass\n',
    'tests/db/test_schema.py': 'def test_x(): pass\n',
    'tests/helpers.py': '',
  })

/** Validates with action-validator (a real GitHub workflow schema validator from npm). */
function validate(dir: string, path: string): void {
  const result = spawnSync(validator, [join(dir, path)], { encoding: 'utf8' })
  expect(result.status, `${path}:\n${result.stdout}${result.stderr}`).toBe(0)
}

type Step = {
  name?: string
  if?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}

/** Every job tracks performance in its test step, then reports and uploads the records whatever happened. */
function expectPerfSteps(text: string): void {
  const jobs = Object.values((parse(text) as { jobs: Record<string, { steps: Step[] }> }).jobs)
  expect(jobs.length).toBeGreaterThan(0)
  for (const { steps } of jobs) {
    const test = steps.findIndex((s) => s.run?.includes('pgtestbed shard') === true && s.run.includes(' -- '))
    expect(steps[test]?.env).toEqual({ PGTESTBED_PERF: '1' })
    const report = steps.findIndex((s) => s.run?.includes('pgtestbed perf report --github') === true)
    expect(report).toBeGreaterThan(test)
    expect(steps[report]?.if).toBe('always()')
    const upload = steps.find((s) => s.with?.['path'] === '.pgtestbed/perf/')
    expect(upload).toMatchObject({ if: 'always()', with: { 'include-hidden-files': true } })
  }
}

describe('ci init github', () => {
  const kinds = { vitest: vitestProject, jest: jestProject, 'node-test': nodeTestProject }
  for (const [runner, make] of Object.entries(kinds))
    for (const service of [undefined, 'postgres:16'])
      for (const oauth of [false, true])
        it(`writes valid workflows: ${runner}${service === undefined ? '' : ' --service'}${oauth ? ' --oauth-rotation' : ''}`, async () => {
          const dir = make()
          const args = ['ci', 'init', 'github']
          if (service !== undefined) args.push('--service', service)
          if (oauth) args.push('--oauth-rotation')
          const result = await runCli(args, { cwd: dir })
          expect(result.code, result.stderr).toBe(0)
          validate(dir, '.github/workflows/pgtestbed.yml')
          if (oauth) validate(dir, '.github/workflows/pgtestbed-oauth-rotation.yml')
          const text = readFileSync(join(dir, '.github/workflows/pgtestbed.yml'), 'utf8')
          expect(text).toContain(service === undefined ? 'pgtestbed up' : 'pgtestbed wait --timeout 60')
          expect(text).toContain(`pgtestbed shard --total 2 --index \${{ matrix.shard }}`)
          expectPerfSteps(text)
        })

  for (const service of [undefined, 'postgres:16'])
    it(`writes a valid pytest workflow${service === undefined ? '' : ' --service'}: Python set up, requirements and the plugin installed, pytest files sharded, perf tracked`, async () => {
      const dir = pytestProject()
      const result = await runCli(
        ['ci', 'init', 'github', ...(service === undefined ? [] : ['--service', service])],
        {
          cwd: dir,
        },
      )
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('(pytest, npm, Node 20')
      validate(dir, '.github/workflows/pgtestbed.yml')
      const text = readFileSync(join(dir, '.github/workflows/pgtestbed.yml'), 'utf8')
      const { steps } = (parse(text) as { jobs: { test: { steps: Step[] } } }).jobs.test
      expect(steps.find((s) => s.with?.['python-version'] !== undefined)?.with).toEqual({
        'python-version': '3.11',
        cache: 'pip',
      })
      expect(steps.find((s) => s.name === 'Install')?.run).toBe(
        [
          'npm ci --no-audit --no-fund',
          'python -m pip install -r requirements.txt',
          'python -m pip install pytest ./node_modules/pgtestbed/python',
        ].join('\n'),
      )
      const test = steps.find((s) => s.run?.includes(' -- ') === true)
      expect(test?.run).toContain(
        `npx pgtestbed shard --total 2 --index \${{ matrix.shard }} --include '**/test_*.py' --include '**/*_test.py' $(ls`,
      )
      expect(test?.run).toContain('-- python -m pytest --junitxml=reports/junit.xml')
      expectPerfSteps(text)
      expect(text).toContain(service === undefined ? 'pgtestbed up' : 'pgtestbed wait --timeout 60')
    })

  it('maps fixture tiers to jobs with their triggers and time budgets', async () => {
    const dir = vitestProject()
    const result = await runCli(['ci', 'init', 'github', '--print'], { cwd: dir })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('test-minimal:')
    expect(result.stdout).toContain(
      `if: contains(fromJSON('["schedule","workflow_dispatch"]'), github.event_name)`,
    )
    expect(result.stdout).toContain('timeout-minutes: 60')
    expect(result.stdout).toContain('node-version: "22"')
    expect(result.stdout).toContain('cache: npm')
    expect(result.stdout).toContain('--outputFile.junit=reports/junit.xml')
  })

  it('checks the time budgets after the tests when the config sets perfBudgets, and only then', async () => {
    const budgets = 'export default { perf: true, perfBudgets: { test: { p95: 300 } } }\n'
    const withBudgets = vitestProject()
    writeFileSync(join(withBudgets, 'pgtestbed.config.ts'), budgets)
    const steps = (dir: string) => {
      const result = spawnSync(
        process.execPath,
        [join(REPO, 'bin/pgtestbed.js'), 'ci', 'init', 'github', '--print'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      )
      const jobs = (parse(result.stdout) as { jobs: Record<string, { steps: Step[] }> }).jobs
      return Object.values(jobs).map((j) => j.steps)
    }
    for (const job of steps(withBudgets)) {
      const check = job.findIndex((s) => s.run === 'npx pgtestbed perf check --github')
      expect(check).toBeGreaterThan(job.findIndex((s) => s.run?.includes(' -- ') === true))
      expect(job[check]?.if).toBe('success() || failure()')
    }
    for (const job of steps(vitestProject()))
      expect(job.some((s) => s.run?.includes('perf check') === true)).toBe(false)
  })

  it('rotates each named OAuth provider in its own step, with its own variables and secrets', async () => {
    const dir = vitestProject()
    const result = await runCli(['ci', 'init', 'github', '--oauth-providers', 'google,microsoft'], {
      cwd: dir,
    })
    expect(result.code, result.stderr).toBe(0)
    validate(dir, '.github/workflows/pgtestbed-oauth-rotation.yml')
    const workflow = parse(
      readFileSync(join(dir, '.github/workflows/pgtestbed-oauth-rotation.yml'), 'utf8'),
    ) as {
      jobs: { rotate: { steps: Step[] } }
    }
    const rotations = workflow.jobs.rotate.steps.filter(
      (s) => s.run?.includes('pgtestbed oauth rotate') === true,
    )
    expect(rotations.map((s) => s.env)).toEqual(
      ['GOOGLE', 'MICROSOFT'].map((p) => ({
        TOKEN_URL: `\${{ vars.OAUTH_${p}_TOKEN_URL }}`,
        CLIENT_ID: `\${{ vars.OAUTH_${p}_CLIENT_ID }}`,
        PGTESTBED_OAUTH_CLIENT_SECRET: `\${{ secrets.OAUTH_${p}_CLIENT_SECRET }}`,
        PGTESTBED_OAUTH_REFRESH_TOKEN: `\${{ secrets.OAUTH_${p}_REFRESH_TOKEN }}`,
        GITHUB_TOKEN: '${{ secrets.SECRETS_WRITE_TOKEN }}',
      })),
    )
    expect(rotations[1]!.run).toContain('--github-secret OAUTH_MICROSOFT_REFRESH_TOKEN')
    const bad = await runCli(['ci', 'init', 'github', '--oauth-providers', 'google,ms graph', '--force'], {
      cwd: dir,
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--oauth-providers takes names of letters, digits and _')
    expect(bad.stderr).toContain('got "ms graph"')
  })

  it('never overwrites a workflow without --force', async () => {
    const dir = jestProject()
    mkdirSync(join(dir, '.github/workflows'), { recursive: true })
    writeFileSync(join(dir, '.github/workflows/pgtestbed.yml'), 'mine')
    const refused = await runCli(['ci', 'init', 'github'], { cwd: dir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('the file already exists. Pass --force to overwrite it')
    expect(readFileSync(join(dir, '.github/workflows/pgtestbed.yml'), 'utf8')).toBe('mine')
    expect((await runCli(['ci', 'init', 'github', '--force'], { cwd: dir })).code).toBe(0)
    validate(dir, '.github/workflows/pgtestbed.yml')
  })

  it.each([
    [
      { 'package.json': '{}' },
      [],
      'neither vitest nor jest, no test file imports node:test, and there are no pytest files',
      '--runner vitest|jest|node-test|pytest',
    ],
    [
      { 'package.json': JSON.stringify({ devDependencies: { vitest: '4', jest: '30' } }) },
      [],
      'lists several (vitest, jest)',
      '--runner',
    ],
    [
      { 'package.json': JSON.stringify({ devDependencies: { jest: '^27.0.0' } }) },
      [],
      'supports jest >=29.0.0',
      'Upgrade it',
    ],
    [
      {
        'package.json': JSON.stringify({ devDependencies: { vitest: '4' } }),
        'fixtures/versions/v1.0.0/realistic/.keep': '',
      },
      [],
      '',
      '',
    ],
    [
      { 'package.json': JSON.stringify({ devDependencies: { vitest: '4' } }) },
      ['--shards', '5'],
      'has 2 test file(s)',
      '--shards 2 or fewer',
    ],
    [
      { 'package.json': JSON.stringify({ devDependencies: { vitest: '4' } }) },
      ['--service', 'postgres'],
      'an image with a tag',
      '',
    ],
  ])('rejects bad input %#', async (files, extra, message, fix) => {
    const dir = project(files)
    const result = await runCli(['ci', 'init', 'github', ...extra], { cwd: dir })
    if (message === '') {
      // a tier folder holding only a dotfile is data-less too
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('fixtures/versions/v1.0.0/realistic/ has no data')
      return
    }
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain(fix)
  })
})
