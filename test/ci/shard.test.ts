import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { tempProject } from '../support/temp-project.js'

// Skewed recorded times: one long file, a few medium, many short.
const times: Record<string, number> = {
  'test/long.test.ts': 6,
  'test/m1.test.ts': 3,
  'test/m2.test.ts': 3,
  'test/m3.test.ts': 2,
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`test/s${i}.test.ts`, 0.5])),
}
const junit = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="12" time="18">
${Object.entries(times)
  .map(
    ([f, t]) =>
      `  <testsuite name="${f}" tests="1" time="${t}"><testcase classname="${f}" name="x" time="${t}"/></testsuite>`,
  )
  .join('\n')}
</testsuites>`

const project = tempProject({
  ...Object.fromEntries(
    Object.keys(times).map((f) => [f, "import { test } from 'vitest'\ntest('x', () => {})\n"]),
  ),
  'test/new.test.ts': `${'// a file with no recorded time yet\n'.repeat(4)}`,
  'src/helper.ts': 'export const notATest = 1\n',
  'test_top.py': 'def test_x(): pass\n',
  'tests/api/test_users.py': 'def test_x(): pass\n',
  'junit.xml': junit,
  'durations.json': JSON.stringify(times),
  'broken.xml': '<html>not junit</html>',
  // pytest --junitxml: no file names, a module's dotted path (then any class) as classname.
  'pytest-junit.xml': `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="3" time="9.0">
<testcase classname="tests.api.test_users.TestSignup" name="test_a" time="4.0" />
<testcase classname="tests.api.test_users" name="test_b" time="3.0" />
<testcase classname="test_top" name="test_x" time="2.0" /></testsuite></testsuites>`,
  'broken.json': '{ "test/a.test.ts": "slow" }',
})
afterAll(() => project.remove())

const shard = (args: string[]) => runCli(['shard', ...args], { cwd: project.dir })

describe('pgtestbed shard', () => {
  it('splits by recorded durations: every file in exactly one shard, shards within 15% of the ideal', async () => {
    const shards = []
    for (const index of [1, 2, 3]) {
      const result = await shard([
        '--total',
        '3',
        '--index',
        String(index),
        '--durations',
        'junit.xml',
        '--json',
      ])
      expect(result.code).toBe(0)
      shards.push(
        result.json() as {
          files: string[]
          seconds: number
          balancedBy: string
          estimatedFromSize: string[]
        },
      )
    }
    const all = shards.flatMap((s) => s.files).sort()
    expect(all).toEqual([...Object.keys(times), 'test/new.test.ts'].sort())
    expect(shards[0]?.balancedBy).toBe('durations')
    expect(shards.flatMap((s) => s.estimatedFromSize)).toEqual(['test/new.test.ts'])
    const total = shards.reduce((sum, s) => sum + s.seconds, 0)
    expect(Math.max(...shards.map((s) => s.seconds))).toBeLessThanOrEqual((total / 3) * 1.15)
  })

  it('reads the JSON form the same way, and prints one file per line', async () => {
    const fromXml = await shard(['--total', '3', '--index', '2', '--durations', 'junit.xml'])
    const fromJson = await shard(['--total', '3', '--index', '2', '--durations', 'durations.json'])
    expect(fromJson.stdout).toBe(fromXml.stdout)
    expect(
      fromJson.stdout
        .trim()
        .split('\n')
        .every((l) => l.endsWith('.test.ts')),
    ).toBe(true)
  })

  it('balances by file size when nothing was recorded', async () => {
    const result = await shard(['--total', '2', '--index', '1', '--json'])
    expect(result.json()).toMatchObject({ balancedBy: 'size' })
  })

  it('runs a command with the shard files appended', async () => {
    const out = join(project.dir, 'args.txt')
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, process.argv.slice(1).join('\\n'))`
    const result = await shard([
      '--total',
      '3',
      '--index',
      '1',
      '--durations',
      'junit.xml',
      '--',
      process.execPath,
      '-e',
      script,
    ])
    expect(result.code).toBe(0)
    const listed = await shard(['--total', '3', '--index', '1', '--durations', 'junit.xml'])
    expect(readFileSync(out, 'utf8')).toBe(listed.stdout.trim())
  })

  it('--include: `**/` also matches no folder (test_top.py at the root, test/long.test.ts)', async () => {
    const python = await shard(['--total', '1', '--index', '1', '--include', '**/test_*.py', '--json'])
    expect(python.code).toBe(0)
    expect((python.json() as { files: string[] }).files.sort()).toEqual([
      'test_top.py',
      'tests/api/test_users.py',
    ])
    const one = await shard(['--total', '1', '--index', '1', '--include', 'test/**/long.test.ts', '--json'])
    expect((one.json() as { files: string[] }).files).toEqual(['test/long.test.ts'])
  })

  it("reads pytest's JUnit: test cases summed into their module's file", async () => {
    const pytest = ['--total', '2', '--include', '**/test_*.py', '--durations', 'pytest-junit.xml', '--json']
    const shards = await Promise.all(['1', '2'].map((index) => shard([...pytest, '--index', index])))
    const found = shards.map(
      (r) => r.json() as { files: string[]; seconds: number; estimatedFromSize: string[] },
    )
    expect(found.map((s) => [s.files, s.seconds, s.estimatedFromSize])).toEqual([
      [['tests/api/test_users.py'], 7, []],
      [['test_top.py'], 2, []],
    ])
  })

  it.each([
    [['--total', '20', '--index', '1'], 'more shards than files', 'Use --total 13 or fewer'],
    [['--total', '3', '--index', '4'], '--index 4 is past --total 3', ''],
    [['--total', '0', '--index', '1'], '--total must be a whole number ≥ 1', ''],
    [['--index', '1'], 'Missing --total', ''],
    [
      ['--total', '2', '--index', '1', '--durations', 'nope.xml'],
      'read the durations file nope.xml',
      'leave --durations out',
    ],
    [
      ['--total', '2', '--index', '1', '--durations', 'broken.xml'],
      'no <testsuite> element',
      'Regenerate it',
    ],
    [
      ['--total', '2', '--index', '1', '--durations', 'broken.json'],
      'the time of "test/a.test.ts" is not a number',
      'Regenerate it',
    ],
    [
      ['--total', '2', '--index', '1', '--include', 'nothing/**/*.ts'],
      'Found no test files',
      '--include GLOB',
    ],
  ])('rejects %j with a clear message', async (args, message, fix) => {
    const result = await shard(args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain(fix)
  })
})
