import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServe } from '../../src/serve/index.js'
import { BIN } from '../support/crash.js'
import { databases } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// The `pgtestbed serve` process: stops cleanly on SIGTERM, never prints its secret, and what a
// SIGKILLed service leaves is reaped by the next start.
const prefix = uniquePrefix()
const project = tempProject({
  'pgtestbed.config.mjs': `export default { prefix: '${prefix}', pool: { size: 1 } }\n`,
  'migrations/001_t.sql': 'CREATE TABLE t (id int);',
})
afterAll(() => project.remove())
const env = { PATH: process.env['PATH'], PGTESTBED_ENGINE: 'url', DATABASE_URL: serverUrl() }
const stateFile = join(project.dir, 'state', 'serve.json')

async function startCli(): Promise<{ child: ChildProcessWithoutNullStreams; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--json', '--state-file', stateFile], {
    cwd: project.dir,
    env,
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString()
  })
  while (!out.includes('"event":"listening"')) {
    if (child.exitCode !== null) throw new Error(`serve exited early: ${out}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return { child, output: () => out }
}

async function handOut(): Promise<string> {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { url: string; token: string }
  const res = await fetch(`${state.url}/pgtestbed/v1/databases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${state.token}` },
  })
  return ((await res.json()) as { name: string }).name
}

function exited(child: ChildProcessWithoutNullStreams): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve([code, signal])))
}

describe('pgtestbed serve (the CLI process)', () => {
  it('stops cleanly on SIGTERM: its databases and state file are gone; the secret is never printed', async () => {
    const { child, output } = await startCli()
    const token = (JSON.parse(readFileSync(stateFile, 'utf8')) as { token: string }).token
    const name = await handOut()
    expect(await databases(prefix)).toContain(name)
    const done = exited(child)
    child.kill('SIGTERM')
    expect(await done).toEqual([0, null])
    expect(output()).toContain('"event":"stopped"')
    expect(output()).not.toContain(token)
    expect(existsSync(stateFile)).toBe(false)
    expect((await databases(prefix)).filter((d) => !d.includes('_tpl_'))).toEqual([])
  })

  it('after SIGKILL, the next start reaps the databases the killed service handed out', async () => {
    const { child } = await startCli()
    const name = await handOut()
    const done = exited(child)
    child.kill('SIGKILL')
    await done
    expect(await databases(prefix)).toContain(name)
    const next = await startServe({
      cwd: project.dir,
      env,
      stateFile: join(project.dir, 'state', 'next.json'),
    })
    try {
      while ((await databases(prefix)).includes(name)) await new Promise((r) => setTimeout(r, 20))
    } finally {
      await next.close()
    }
    expect(await databases(prefix)).not.toContain(name)
  })
})
