/**
 * The guide's app against `pgtestbed mock serve --https` started as its own process, as a developer would run
 * it: the same app code and settings as booking-app.test.ts, with only the base URL and the
 * NODE_EXTRA_CA_CERTS line the command prints changed. What the server saw comes from its `--json` request log.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../..', import.meta.url))
const script = fileURLToPath(new URL('./book-against-mock.ts', import.meta.url))
const jiti = createRequire(import.meta.url)
  .resolve('jiti/package.json')
  .replace(/package\.json$/, 'lib/jiti-cli.mjs')

let serve: ChildProcess
let lines: Record<string, unknown>[] = []
let url = ''
let caFile = ''

beforeAll(async () => {
  serve = spawn(
    process.execPath,
    [
      'bin/pgtestbed.js',
      'mock',
      'serve',
      '--https',
      '--json',
      '--port',
      '0',
      '--dir',
      'examples/calendar-guide/fixtures',
      '--packs',
      'oauth2,google-calendar,microsoft-graph',
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  serve.stderr!.on('data', (c) => {
    err += c
  })
  await new Promise<void>((resolve, reject) => {
    serve.on('exit', (code) => reject(new Error(`mock serve exited with ${code}: ${err}`)))
    serve.stdout!.on('data', (c) => {
      out += c
      lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      if (lines.some((e) => e['event'] === 'admin')) resolve()
    })
  })
  url = lines.find((e) => e['event'] === 'listening')!['url'] as string
  caFile = lines.find((e) => e['event'] === 'https')!['caFile'] as string
})
afterAll(async () => {
  if (serve.exitCode !== null) return
  const exited = new Promise((resolve) => serve.once('exit', resolve))
  serve.kill('SIGTERM')
  await exited
})

/** The app's environment: the developer's, without any CA setting of their own, plus the given ones. */
function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env
  return { ...env, ...extra }
}

const statuses = (path: string, scenario: string): unknown[] =>
  lines
    .filter((e) => e['event'] === 'request' && e['path'] === path && e['scenario'] === scenario)
    .map((e) => e['status'])

describe('the calendar guide against `pgtestbed mock serve --https`', () => {
  it('refuses the certificate without the NODE_EXTRA_CA_CERTS line', async () => {
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    await expect(
      run(process.execPath, [jiti, script, url], { cwd: repo, env: appEnv({}), timeout: 60_000 }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/self.signed|unable to (get|verify)|certificate/i),
    })
  })

  it('books in every scenario with only the base URL and the CA line set', async () => {
    const { stdout } = await run(process.execPath, [jiti, script, url], {
      cwd: repo,
      env: appEnv({ NODE_EXTRA_CA_CERTS: caFile }),
      timeout: 60_000,
    })
    const slot = { start: '2026-03-20T09:30:00.000Z', end: '2026-03-20T10:00:00.000Z' }
    const booked = { google: { provider: 'google', ...slot }, microsoft: { provider: 'microsoft', ...slot } }
    expect(JSON.parse(stdout)).toMatchObject({ default: booked, 'expired-token': booked, throttled: booked })
    // The same recoveries the in-process test sees in the journal: one 401 then a refresh, one 429 then a retry.
    expect(statuses('/v1.0/me/events', 'default')).toEqual([201])
    expect(statuses('/calendar/v3/freeBusy', 'expired-token')).toEqual([401, 200])
    expect(statuses('/token', 'expired-token')).toEqual([200])
    expect(statuses('/v1.0/me/calendar/getSchedule', 'expired-token')).toEqual([401, 200])
    expect(statuses('/common/oauth2/v2.0/token', 'expired-token')).toEqual([200])
    expect(statuses('/calendar/v3/freeBusy', 'throttled')).toEqual([429, 200])
    expect(statuses('/v1.0/me/calendar/getSchedule', 'throttled')).toEqual([429, 200])
  })
})
