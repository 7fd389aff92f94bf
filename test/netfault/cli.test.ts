import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { Writable } from 'node:stream'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandIO } from '../../src/cli/command.js'
import { parseNetfaultArgs, serveNetfault } from '../../src/cli/commands/netfault-proxy.js'
import { main } from '../../src/cli/main.js'
import { startFaultProxy } from '../../src/netfault/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import { caught } from './support.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

/** A CommandIO writing into strings; `line()` resolves with the first stdout line. */
function captureIO() {
  const out: string[] = []
  const err: string[] = []
  let onLine: ((line: string) => void) | undefined
  const sink = (into: string[], isOut: boolean) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk))
        if (isOut && onLine !== undefined && into.join('').includes('\n'))
          onLine(into.join('').split('\n')[0] ?? '')
        done()
      },
    })
  const io: CommandIO = { stdout: sink(out, true), stderr: sink(err, false), cwd: process.cwd(), env: {} }
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    line: () => new Promise<string>((resolve) => (onLine = resolve)),
  }
}

describe('pgtestbed netfault: bad input (exit code 2, the option named)', () => {
  const cases: [string[], RegExp][] = [
    [[], /--target is required\. Pass the server to forward to/],
    [
      ['--target', 'x', '--latency', 'abc'],
      /--latency must be a number from 0 to 3600000, got "abc"\. Pass e\.g\. --latency 50/,
    ],
    [['--target', 'x', '--latency=-5'], /--latency must be a number from 0 to 3600000, got "-5"/],
    [['--target', 'x', '--bandwidth', '0'], /--bandwidth must be an integer from 1 to 10000000000, got "0"/],
    [['--target', 'x', '--listen', '70000'], /--listen must be an integer from 0 to 65535/],
    [['--target', 'x', '--direction', 'sideways'], /--direction must be up, down or both, got "sideways"/],
    [['--target', 'nonsense'], /Failed to use "nonsense" as the proxy target/],
  ]
  for (const [args, message] of cases) {
    it(`netfault ${args.join(' ')}`, async () => {
      const c = captureIO()
      expect(await main(['netfault', ...args], c.io)).toBe(2)
      expect(c.stderr()).toMatch(message)
      expect(c.stdout()).toBe('')
    })
  }

  it('says when the listen port is in use', async () => {
    await using other = await startFaultProxy({ target: db.url })
    const c = captureIO()
    expect(await main(['netfault', '--target', db.url, '--listen', String(other.port)], c.io)).toBe(2)
    expect(c.stderr()).toContain(`port ${other.port} is in use. Pick another port`)
  })
})

describe('serveNetfault', () => {
  it('prints the URL, applies the faults, logs connections, and reports on stop', async () => {
    const c = captureIO()
    let stop!: () => void
    const until = new Promise<void>((resolve) => (stop = resolve))
    const settings = parseNetfaultArgs({ target: db.url, latency: '30', direction: 'down' })
    const running = serveNetfault(settings, c.io, 'human', until)
    const url = await c.line()
    expect(new URL(url).pathname).toBe(`/${db.name}`)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const start = performance.now()
    await client.query('SELECT 1')
    expect(performance.now() - start).toBeGreaterThanOrEqual(30)
    await client.end()
    stop()
    const result = await running
    expect(result.faults).toEqual(['latency 30 ms ± 0 ms (downstream)'])
    expect(result.stats.accepted).toBe(1)
    expect(c.stderr()).toMatch(/connection 1 opened/)
    expect(c.stderr()).toMatch(/forwarding 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+; latency 30 ms/)
  })

  it('logs an unreachable target clearly at the first connection', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const port = (holder.address() as { port: number }).port
    await new Promise((resolve) => holder.close(resolve))
    const c = captureIO()
    let stop!: () => void
    const running = serveNetfault(
      parseNetfaultArgs({ target: `postgresql://postgres@127.0.0.1:${port}/postgres` }),
      c.io,
      'json',
      new Promise<void>((resolve) => (stop = resolve)),
    )
    const first = JSON.parse(await c.line()) as { event: string; url: string }
    expect(first.event).toBe('listening')
    const err = await caught(() => new pg.Client({ connectionString: first.url }).connect())
    expect(err.message).toMatch(/Failed to connect to the proxy target/)
    stop()
    await running
    expect(c.stderr()).toMatch(
      new RegExp(
        `pgtestbed netfault: Failed to connect to the proxy target 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`,
      ),
    )
  })
})

describe('the real CLI process', () => {
  it('runs until SIGINT and exits 0', async () => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/jiti/lib/jiti-cli.mjs',
        'test/netfault/fixtures/cli-main.ts',
        'netfault',
        '--target',
        db.url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk)
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '')
      })
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)))
    })
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await client.end()
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(out).toMatch(/stopped: 1 connection\(s\)/)
  })
})
