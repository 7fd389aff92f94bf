/**
 * `mock serve --https`: a local CA and loopback certificate made at start, and the NODE_EXTRA_CA_CERTS line it
 * prints is all an app needs — the official SDKs run with their stock settings (no insecure flags, the Graph
 * SDK's own AuthenticationHandler and PageIterator) in a child process, as the app would.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveMock } from '../../../src/cli/serve-mock.js'

const CLIENT_SCRIPT = fileURLToPath(new URL('./fixtures/https-client.mjs', import.meta.url))
const run = promisify(execFile)

let dir: string
let out = ''
let err = ''
const stop = new AbortController()
let served: Promise<number>
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pgtestbed-https-'))
  mkdirSync(join(dir, 'packs/oauth2'), { recursive: true })
  writeFileSync(
    join(dir, 'packs/oauth2/default.json'),
    JSON.stringify({
      clients: [{ clientId: 'app', clientSecret: 's3cret' }],
      refreshTokens: [
        {
          token: 'r-1',
          clientId: 'app',
          scope: 'openid Calendars.ReadWrite https://www.googleapis.com/auth/calendar',
        },
      ],
    }),
  )
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (c) => {
    out += c
  })
  stderr.on('data', (c) => {
    err += c
  })
  served = serveMock(
    { dir, port: 0, json: true, https: true, packs: ['oauth2', 'microsoft-graph', 'google-calendar'] },
    { stdout, stderr, cwd: dir, env: {} },
    stop.signal,
  )
  while (!out.includes('"event":"admin"')) await new Promise((r) => setTimeout(r, 10))
})
afterAll(async () => {
  stop.abort()
  await served
  rmSync(dir, { recursive: true, force: true })
})

const events = () =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('mock serve --https', () => {
  it('listens on https and prints the NODE_EXTRA_CA_CERTS line', () => {
    const listening = events().find((e) => e['event'] === 'listening')!
    expect(listening['url']).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const https = events().find((e) => e['event'] === 'https')!
    expect(https['env']).toEqual({ NODE_EXTRA_CA_CERTS: https['caFile'] })
    expect(err).toBe('')
  })

  it('the official SDKs work with stock settings once the app trusts the CA, and fail without it', async () => {
    const url = events().find((e) => e['event'] === 'listening')!['url'] as string
    const caFile = events().find((e) => e['event'] === 'https')!['caFile'] as string
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: caFile }
    const { stdout } = await run(process.execPath, [CLIENT_SCRIPT, url], { env, timeout: 60_000 })
    expect(JSON.parse(stdout)).toEqual({
      issuer: url,
      subjects: ['Slot 09', 'Slot 10', 'Slot 11'],
      busy: [{ start: '2026-05-04T09:00:00Z', end: '2026-05-04T10:00:00Z' }],
    })
    const { NODE_EXTRA_CA_CERTS: _, ...without } = process.env
    await expect(
      run(process.execPath, [CLIENT_SCRIPT, url], { env: without, timeout: 60_000 }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/self.signed|unable to (get|verify)|certificate/i),
    })
  })
})
