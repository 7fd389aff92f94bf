import { execFile, execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { dataRoot } from '../../src/engine/index.js'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject } from '../support/temp-project.js'

const BIN = fileURLToPath(new URL('../../bin/pgtestbed.js', import.meta.url))
const isRoot = process.getuid?.() === 0
const project = tempProject({
  'migrations/001_init.sql': 'CREATE TABLE t (id int);\n',
  'fixtures/versions/v1.0.0/schema.sql': 'CREATE TABLE t (id int);\n',
  'fixtures/versions/v1.0.0/minimal/t.csv': 'id\n1\n',
})
const cwd = project.dir
afterAll(() => project.remove())

/** The CLI run as `nobody`; undefined when nobody cannot read it (a checkout under /root). */
async function asNobody(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string } | undefined> {
  const result = await promisify(execFile)(process.execPath, [BIN, ...args], {
    uid: 65534,
    gid: 65534,
    cwd: '/',
    env: { PATH: process.env['PATH'], ...env },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
  )
  return /Cannot find module|EACCES: permission denied, open/.test(result.stderr) ? undefined : result
}

/** No stack trace and no "unexpected error": a message, exit 2. */
function expectCleanSetupError(result: { code: number; stderr: string }): void {
  expect(result.code).toBe(2)
  expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /)
}

describe('an unusable data root is named, with the fix, at once', () => {
  // The bound is the point: before, `up` retried for a minute before failing.
  it('a file where the data root should be', { timeout: 20_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pgt-root-')), 'not-a-dir')
    writeFileSync(file, '')
    try {
      for (const command of [['up'], ['db', 'new']]) {
        const result = await runCli(command, { cwd, env: { PGTESTBED_DATA_ROOT: file } })
        expectCleanSetupError(result)
        expect(result.stderr).toContain(`Failed to use ${file}`)
        expect(result.stderr).toMatch(/not a directory.*PGTESTBED_DATA_ROOT/s)
      }
      const below = await runCli(['up'], { cwd, env: { PGTESTBED_DATA_ROOT: join(file, 'below') } })
      expectCleanSetupError(below)
      expect(below.stderr).toMatch(/not a directory/)
    } finally {
      rmSync(join(file, '..'), { recursive: true, force: true })
    }
  })

  it.runIf(isRoot)('a read-only file system', { timeout: 20_000 }, async () => {
    const mount = mkdtempSync(join(tmpdir(), 'pgt-ro-'))
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'pgt-ro', mount], { stdio: 'ignore' })
      } catch {
        return // no mount here (a container without the capability): nothing to test
      }
      const result = await runCli(['up'], { cwd, env: { PGTESTBED_DATA_ROOT: join(mount, 'root') } })
      expectCleanSetupError(result)
      expect(result.stderr).toMatch(/read-only file system.*PGTESTBED_DATA_ROOT/s)
    } finally {
      execFileSync('umount', [mount], { stdio: 'ignore' })
      rmSync(mount, { recursive: true, force: true })
    }
  })

  it.runIf(isRoot)('a directory this user may not write', { timeout: 20_000 }, async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pgt-ro-'))
    chmodSync(parent, 0o755) // nobody may enter, not write
    try {
      const result = await asNobody(['up'], { PGTESTBED_DATA_ROOT: join(parent, 'root') })
      if (result === undefined) return
      expectCleanSetupError(result)
      expect(result.stderr).toMatch(/may not write there/)
    } finally {
      rmSync(parent, { recursive: true, force: true })
    }
  })

  it('the default is one per user, owner-only', () => {
    const root = dataRoot(undefined)
    expect(root).toMatch(new RegExp(`pgtestbed-${process.getuid?.()}$`))
    expect(statSync(root).mode & 0o777).toBe(isRoot ? 0o711 : 0o700)
    expect(statSync(join(root, 'clusters')).mode & 0o777).toBe(isRoot ? 0o711 : 0o700)
  })

  // The attack: another user makes your default root first, then reads or swaps what you keep
  // there. Here root plays the other user and `nobody` the victim.
  it.runIf(isRoot)('refuses a default data root another user made', { timeout: 20_000 }, async () => {
    const shm = statSync('/dev/shm', { throwIfNoEntry: false })?.isDirectory()
    const victim = shm ? '/dev/shm/pgtestbed-65534' : join(tmpdir(), 'pgtestbed-65534')
    if (statSync(victim, { throwIfNoEntry: false }) !== undefined) return // nobody's own: leave it
    mkdirSync(victim, { mode: 0o777 })
    chmodSync(victim, 0o777)
    try {
      const result = await asNobody(['status'])
      if (result === undefined) return
      expectCleanSetupError(result)
      expect(result.stderr).toContain(`Failed to use ${victim} as the data root`)
      expect(result.stderr).toMatch(/belongs to another user \(uid 0\)/)
    } finally {
      rmSync(victim, { recursive: true, force: true })
    }
  })
})

describe('bad input from the environment and --db names what is wrong', () => {
  it('PGTESTBED_PORT=abc names the variable and its value', async () => {
    const result = await runCli(['status'], { cwd, env: { PGTESTBED_PORT: 'abc' } })
    expectCleanSetupError(result)
    expect(result.stderr).toMatch(/PGTESTBED_PORT: "abc"; it must be a port number/)
    const pool = await runCli(['status'], { cwd, env: { PGTESTBED_POOL_SIZE: 'many' } })
    expect(pool.stderr).toMatch(/PGTESTBED_POOL_SIZE: "many"/)
  })

  it('migrations status --db with a wrong password: a clear error, the password redacted', async () => {
    const url = new URL(serverUrl())
    url.password = 'wrong-secret'
    const result = await runCli(['migrations', 'status', '--db', url.toString()], { cwd })
    expectCleanSetupError(result)
    expect(result.stderr).toMatch(/Failed to connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1/)
    expect(result.stderr).toMatch(/password authentication failed.*Check the user name and password/s)
    expect(result.stderr).not.toContain('wrong-secret')
  })

  it('fixtures load --db on a refused connection: a clear error, the password redacted', async () => {
    const result = await runCli(['fixtures', 'load', '--db', 'postgresql://app:hunter2@127.0.0.1:1/app'], {
      cwd,
      env: { PGTESTBED_ENGINE: 'url', DATABASE_URL: serverUrl() },
    })
    expectCleanSetupError(result)
    expect(result.stderr).toMatch(
      /Failed to connect to postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/app \(--db\)/,
    )
    expect(result.stderr).toMatch(/ECONNREFUSED.*server is running/s)
    expect(result.stderr).not.toContain('hunter2')
  })
})
