// Long-running commands stop cleanly on SIGINT and SIGTERM, started directly and through
// `npm exec` (as `npx pgtestbed …` is). Runs the built bin (`npm test` builds first).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { createConnection } from 'node:net'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

const repo = resolve('.')
const prefix = uniquePrefix()
const app = tempProject({
  'package.json': JSON.stringify({ name: 'signals-app', version: '1.0.0', private: true }),
  'pgtestbed.config.json': JSON.stringify({ prefix }),
  'stubs/hello.yaml': 'stubs:\n  - id: hello\n    request: { path: /hello }\n    response: { text: hi }\n',
})
// The app "installs" pgtestbed: node_modules/pgtestbed and its bin, as npm would link them.
mkdirSync(join(app.dir, 'node_modules/.bin'), { recursive: true })
symlinkSync(repo, join(app.dir, 'node_modules/pgtestbed'))
symlinkSync('../pgtestbed/bin/pgtestbed.js', join(app.dir, 'node_modules/.bin/pgtestbed'))
afterAll(() => app.remove())

type Way = 'direct' | 'npm exec'
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PGTESTBED_ENGINE: 'url',
  DATABASE_URL: serverUrl(),
  PGTESTBED_ON_FAILURE: 'drop',
})

/** Starts `pgtestbed ARGS` in its own process group, directly or through `npm exec`. */
function start(way: Way, args: string[]): ChildProcess {
  const [cmd, argv] =
    way === 'direct'
      ? [process.execPath, [join(repo, 'bin/pgtestbed.js'), ...args]]
      : ['npm', ['exec', '--no', '--', 'pgtestbed', ...args]]
  const child = spawn(cmd, argv, {
    cwd: app.dir,
    env: env(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  onTestFinished(() => {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL')
    } catch {
      // already gone
    }
  })
  return child
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  let out = ''
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
  } catch {
    return []
  }
  const children = out
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0)
  return children.flatMap((c) => [c, ...descendants(c)])
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function collect(child: ChildProcess): () => string {
  let text = ''
  child.stdout?.on('data', (c) => {
    text += String(c)
  })
  child.stderr?.on('data', (c) => {
    text += String(c)
  })
  return () => text
}

/** Sends `signal` as people and tools do: to the process directly; through npm, SIGTERM to npm
 * (a process manager, `docker stop`) and SIGINT to the whole process group (Ctrl-C). */
function send(way: Way, child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid ?? 0
  if (way === 'npm exec' && signal === 'SIGINT') process.kill(-pid, signal)
  else process.kill(pid, signal)
}

function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      done(false)
    })
    socket.once('error', () => done(true))
  })
}

/** Stops the command and checks that it and every process it started are gone. */
async function stopAndCheck(way: Way, child: ChildProcess, signal: NodeJS.Signals, output: () => string) {
  const tree = [child.pid ?? 0, ...descendants(child.pid ?? 0)]
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  send(way, child, signal)
  const code = await exited
  await waitFor(`the processes under ${way} to end; output:\n${output()}`, () =>
    tree.every((pid) => !alive(pid)) ? true : undefined,
  )
  return code
}

const cases: [Way, NodeJS.Signals][] = [
  ['direct', 'SIGINT'],
  ['direct', 'SIGTERM'],
  ['npm exec', 'SIGINT'],
  ['npm exec', 'SIGTERM'],
]

describe('long-running commands stop cleanly on SIGINT/SIGTERM, directly and through npm exec', () => {
  for (const [way, signal] of cases) {
    it(`mock serve (${way}, ${signal}): the server stops and its port is free`, async () => {
      const child = start(way, ['mock', 'serve', '--dir', 'stubs', '--port', '0', '--json'])
      const output = collect(child)
      const url = await waitFor('the URL', () => /"url":"(http:[^"]+)"/.exec(output())?.[1])
      expect(await (await fetch(`${url}/hello`)).text()).toBe('hi')
      const code = await stopAndCheck(way, child, signal, output)
      if (way === 'direct') expect(code).toBe(0)
      expect(await refused(Number(new URL(url).port))).toBe(true)
    })

    it(`netfault (${way}, ${signal}): the proxy stops and its port is free`, async () => {
      const child = start(way, ['netfault', '--target', serverUrl(), '--json'])
      const output = collect(child)
      const url = await waitFor('the URL', () => /"url":"(postgres[^"]+)"/.exec(output())?.[1])
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query('SELECT 1')
      await client.end()
      const code = await stopAndCheck(way, child, signal, output)
      if (way === 'direct') expect(code).toBe(0)
      expect(await refused(Number(new URL(url).port))).toBe(true)
    })

    it(`run (${way}, ${signal}): the command is stopped and its database dropped`, async () => {
      const child = start(way, ['run', '--', 'sh', '-c', 'echo "ready $DATABASE_URL"; exec sleep 300'])
      const output = collect(child)
      const db = await waitFor('the command', () => /ready \S+\/(\w+)$/m.exec(output())?.[1])
      const code = await stopAndCheck(way, child, signal, output)
      if (way === 'direct') expect(code).toBe(signal === 'SIGINT' ? 130 : 143)
      const admin = new pg.Client({ connectionString: serverUrl() })
      await admin.connect()
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])
      await admin.end()
      expect(rows, `${db} is dropped`).toEqual([])
    })
  }
})
