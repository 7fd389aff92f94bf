import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from '../e2e/runner-project.js'

// A tiny git repository: five node:test tests; the second commit makes one of them 10× slower
// (pg_sleep 20 ms → 200 ms), far past the 1.5× threshold on any machine.
const suite = (slowMs: number): string => `
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
for (const n of [1, 2, 3, 4]) test(\`steady \${n}\`, withDatabase(async (db) => { await db.query('SELECT pg_sleep(0.02)') }))
test('gets slower', withDatabase(async (db) => { await db.query('SELECT pg_sleep(${slowMs / 1000})') }))
`
const project = runnerProject({
  'node/items.test.js': suite(20),
  '.gitignore': 'node_modules\n.pgtestbed\n',
  // Held against the current side, one sample per round: 200 ms of pg_sleep is over 150.
  'pgtestbed.config.json': JSON.stringify({
    perfBudgets: { tests: { 'node/items.test.js > gets slower': { p50: 150 } } },
  }),
})
afterAll(() => project.remove())
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.dir })
    .toString()
    .trim()
git('init', '-q')
git('add', '-A')
git('commit', '-qm', 'steady')
writeFileSync(join(project.dir, 'node', 'items.test.js'), suite(200))
git('commit', '-qam', 'one test slower')

const cli = join(REPO, 'bin', 'pgtestbed.js')
const testCommand = [process.execPath, cli, 'run', '--', process.execPath, '--test', 'node/']
const worktrees = () => git('worktree', 'list').split('\n').length
const leftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith('pgtestbed-ab-'))

describe('pgtestbed perf ab on a real repository', () => {
  it('catches the one slowed test, exits 1, and removes the base worktree', async () => {
    const before = leftovers()
    const result = await exec(
      process.execPath,
      [
        cli,
        'perf',
        'ab',
        '--base',
        'HEAD~1',
        '--rounds',
        '5',
        '--json',
        '--markdown',
        'ab.md',
        '--',
        ...testCommand,
      ],
      { cwd: project.dir, env: { PGTESTBED_PERF: '' }, timeoutMs: 300_000 },
    )
    expect(result.code, result.output).toBe(1)
    const data = JSON.parse(result.output.split('\n').find((l) => l.startsWith('{"base"')) ?? '')
    expect(data.base).toMatchObject({ ref: 'HEAD~1', commit: git('rev-parse', 'HEAD~1'), install: 'symlink' })
    expect(data.times.rounds).toBe(5)
    expect(data.times.tests).toHaveLength(5)
    expect(data.times.regressions.map((r: { test: string }) => r.test)).toEqual([
      'node/items.test.js > gets slower',
    ])
    expect(data.ms.base).toHaveLength(5)
    expect(data.measured).toHaveLength(5)
    expect(data.budgets.samples).toBe(5)
    expect(data.budgets.breaches).toMatchObject([
      { scope: 'test', name: 'node/items.test.js > gets slower', figure: 'p50', budgetMs: 150, samples: 5 },
    ])
    expect(result.output).toMatch(/perf ab: round 5\/5: base \d+ ms, current \d+ ms/)
    expect(readFileSync(join(project.dir, 'ab.md'), 'utf8')).toMatch(
      /### perf ab: current vs `HEAD~1`[\s\S]*\| node\/items\.test\.js > gets slower \| \d+\.\d \| \d+\.\d \| \d+\.\d\d \|/,
    )
    expect(worktrees()).toBe(1)
    expect(leftovers()).toEqual(before)
  }, 320_000)

  it('names a base ref that does not exist (exit 2) and leaves nothing behind', async () => {
    const before = leftovers()
    const result = await exec(process.execPath, [cli, 'perf', 'ab', '--base', 'no-such-ref', '--', 'true'], {
      cwd: project.dir,
    })
    expect(result.code).toBe(2)
    expect(result.output).toContain('--base no-such-ref is not a commit of this repository')
    expect(leftovers()).toEqual(before)
  })

  it('stops on a failing suite, saying which side and round, and removes the worktree', async () => {
    const result = await exec(
      process.execPath,
      [cli, 'perf', 'ab', '--base', 'HEAD', '--rounds', '2', '--', process.execPath, '-e', 'process.exit(3)'],
      { cwd: project.dir },
    )
    expect(result.code).toBe(2)
    expect(result.output).toMatch(/The base \(round 1\) run of `.* -e process\.exit\(3\)` failed \(exit 3\)/)
    expect(worktrees()).toBe(1)
  })

  it('removes the worktree when stopped with Ctrl-C in the middle of a round', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'perf', 'ab', '--base', 'HEAD', '--', process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
      {
        cwd: project.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString()
    })
    // Wait until the base side is running (its worktree exists), then interrupt.
    while (!/rounds$/m.test(output)) await new Promise((r) => setTimeout(r, 100))
    expect(worktrees()).toBe(2)
    child.kill('SIGINT')
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(130)
    expect(worktrees()).toBe(1)
    expect(existsSync(join(project.dir, 'node_modules'))).toBe(true)
  })

  it('a run killed with SIGKILL leaves its folder; the next run removes it and its worktree', async () => {
    const before = leftovers()
    const child = spawn(
      process.execPath,
      [cli, 'perf', 'ab', '--base', 'HEAD', '--', process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
      { cwd: project.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString()
    })
    while (!/rounds$/m.test(output)) await new Promise((r) => setTimeout(r, 100))
    const killed = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await killed
    const left = leftovers().filter((f) => !before.includes(f))
    // The base worktree's folder and the running side's records, named after the killed process.
    expect(left.length).toBeGreaterThan(0)
    for (const name of left) expect(name).toMatch(new RegExp(`^pgtestbed-ab-${child.pid}-`))
    expect(worktrees()).toBe(2)
    // Any later run cleans up after it.
    const next = await exec(
      process.execPath,
      [cli, 'perf', 'ab', '--base', 'HEAD', '--rounds', '2', '--', process.execPath, '-e', 'process.exit(3)'],
      { cwd: project.dir },
    )
    expect(next.code).toBe(2)
    expect(leftovers().filter((f) => !before.includes(f))).toEqual([])
    expect(worktrees()).toBe(1)
  })
})
