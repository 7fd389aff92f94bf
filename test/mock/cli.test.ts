import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { PassThrough } from 'node:stream'
import { describe, expect, it, onTestFinished } from 'vitest'
import { serveMock } from '../../packages/mock/src/cli/serve-mock.js'
import { stubFolder } from '../../packages/mock/test/mock/support.js'
import type { CommandIO } from '../../src/cli/command.js'
import { main } from '../../src/cli/main.js'

function bufferIO(cwd: string): CommandIO & { out(): string; err(): string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c) => {
    out += c
  })
  stderr.on('data', (c) => {
    err += c
  })
  return { stdout, stderr, cwd, env: {}, out: () => out, err: () => err }
}

const GOOD = 'stubs:\n  - id: hello\n    request: { path: /hello }\n    response: { text: hi }\n'

describe('pgtestbed mock check', () => {
  it('passes a valid folder and lists problems as file:line with exit 1', async () => {
    const dir = stubFolder({ 'ok.yaml': GOOD, 'packs/oauth2/expired.yaml': 'x: 1\n' })
    const ok = bufferIO(dir)
    expect(await main(['mock', 'check', '--dir', '.'], ok)).toBe(0)
    expect(ok.out()).toBe('ok: 1 stub in 1 file; scenarios: default, expired; pack data: oauth2\n')

    const bad = stubFolder({
      'ok.yaml': GOOD,
      'broken.yaml': '- id: hello\n  request: { path: /x, method: YOLO }\n  response: { text: x }\n',
    })
    const io = bufferIO(bad)
    expect(await main(['mock', 'check', '--dir', bad], io)).toBe(1)
    expect(io.out().replaceAll(`${bad}/`, '')).toMatchInlineSnapshot(`
      "1 problem in ${bad}:
      broken.yaml:2:24 [0].request.method: unknown method "YOLO"; use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT or ANY
      "
    `)
    const json = bufferIO(bad)
    expect(await main(['mock', 'check', '--dir', bad, '--json'], json)).toBe(1)
    expect(JSON.parse(json.out())).toMatchObject({
      files: 2,
      stubs: 1,
      problems: [{ line: 2, field: '[0].request.method' }],
    })
  })

  it('reports duplicate ids across files, and usage errors with exit 2', async () => {
    const dir = stubFolder({ 'a.yaml': GOOD, 'b.yaml': GOOD })
    const io = bufferIO(dir)
    expect(await main(['mock', 'check', '--dir', dir], io)).toBe(1)
    expect(io.out()).toContain(
      `${dir}/b.yaml:2:1 id: duplicate stub id "hello" (first defined at ${dir}/a.yaml:2); ids must be unique`,
    )
    const missing = bufferIO(dir)
    expect(await main(['mock', 'check'], missing)).toBe(2)
    expect(missing.err()).toBe(
      'pgtestbed: mock check needs --dir DIR: the folder of stub files to validate\n',
    )
    const nowhere = bufferIO(dir)
    expect(await main(['mock', 'check', '--dir', 'nope'], nowhere)).toBe(2)
    expect(nowhere.err()).toContain('--dir nope is not a folder')
  })
})

describe('pgtestbed mock serve', () => {
  it('prints the URL, logs requests and stops when told', async () => {
    const dir = stubFolder({ 'ok.yaml': GOOD })
    const io = bufferIO(dir)
    const stop = new AbortController()
    const done = serveMock({ dir: '.', port: 0 }, io, stop.signal)
    let url: string | undefined
    for (let i = 0; i < 200 && url === undefined; i++) {
      url = /listening on (http:\/\/\S+)/.exec(io.out())?.[1]
      if (url === undefined) await new Promise((r) => setTimeout(r, 10))
    }
    expect(url).toBeDefined()
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi')
    await fetch(`${url}/missing`, { headers: { 'x-mock-scenario': 'default#t' } })
    stop.abort()
    expect(await done).toBe(0)
    const lines = io.out().split('\n')
    expect(lines[0]).toMatch(
      /^pgtestbed mock: listening on http:\/\/127\.0\.0\.1:\d+ \(1 stub; packs: none; scenarios: default\)$/,
    )
    expect(lines.some((l) => / GET \/hello \[default\] → 200 \(stub hello\)$/.test(l))).toBe(true)
    expect(lines.some((l) => / GET \/missing \[default#t\] → 404 \(no-match\)$/.test(l))).toBe(true)
    expect(lines.at(-2)).toBe('pgtestbed mock: stopped')
  })

  it('fails with exit 2 and a clear message for an unknown pack, a dead record target or a bad port', async () => {
    const io = bufferIO(process.cwd())
    expect(await main(['mock', 'serve', '--packs', 'nope', '--port', '0'], io)).toBe(2)
    expect(io.err()).toMatch(
      /^pgtestbed: Failed to enable mock pack "nope": no pack has that name\. Use one of: /,
    )
    const record = bufferIO(process.cwd())
    expect(await main(['mock', 'serve', '--record', 'http://127.0.0.1:1', '--port', '0'], record)).toBe(2)
    expect(record.err()).toBe(
      'pgtestbed: Failed to record from http://127.0.0.1:1: it does not answer (ECONNREFUSED). Start the service, or check the --record URL (scheme, host and port).\n',
    )
    const port = bufferIO(process.cwd())
    expect(await main(['mock', 'serve', '--port', 'abc'], port)).toBe(2)
    expect(port.err()).toBe(
      'pgtestbed: --port must be a port number from 0 to 65535 (0 picks a free one), got "abc"\n',
    )
  })

  it('runs as a real process and exits 0 on SIGTERM', async () => {
    const dir = stubFolder({
      'ok.yaml': GOOD,
      'run.ts': `import { main } from '${process.cwd()}/src/cli/main.ts'\nprocess.exitCode = await main(process.argv.slice(2))\n`,
    })
    const jiti = createRequire(import.meta.url)
      .resolve('jiti/package.json')
      .replace(/package\.json$/, 'lib/jiti-cli.mjs')
    const child = spawn(
      process.execPath,
      [jiti, `${dir}/run.ts`, 'mock', 'serve', '--dir', dir, '--port', '0', '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    // Never leave the server running if an assertion fails.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
    })
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stdout: ${out}`)), 80_000)
      child.stdout.on('data', () => {
        const line = out.split('\n').find((l) => l.includes('"listening"'))
        if (line !== undefined) {
          clearTimeout(timer)
          resolve(JSON.parse(line).url)
        }
      })
    })
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi')
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
    const events = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).event)
    expect(events).toEqual(['listening', 'admin', 'request', 'stopped'])
  }, 120_000)
})

describe('pgtestbed mock schema', () => {
  it('prints the JSON Schema of stub files', async () => {
    const io = bufferIO(process.cwd())
    expect(await main(['mock', 'schema'], io)).toBe(0)
    const schema = JSON.parse(io.out())
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'pgtestbed mock stub file',
    })
    const stub = schema.oneOf[0]
    expect(Object.keys(stub.properties)).toContain('responses')
    expect(Object.keys(stub.properties.request.properties)).toEqual([
      'method',
      'path',
      'pathMatches',
      'query',
      'headers',
      'body',
    ])
    expect(
      stub.properties.faults.items.oneOf.map(
        (f: { properties: { kind: { const: string } } }) => f.properties.kind.const,
      ),
    ).toContain('connection-reset')
  })
})
