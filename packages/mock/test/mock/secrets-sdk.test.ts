/**
 * Secrets stay out of every output of `mock serve --json`: the official SDKs (openid-client with PKCE and client
 * auth, @googleapis/calendar with a bearer token and a cookie) send real credentials through the running
 * server, in pack mode and in record mode, and none of them may show up in stdout, stderr, the journal or the
 * recording. `--log-secrets` opts out, with a warning on stderr.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { calendar as googleCalendar } from '@googleapis/calendar'
import { OAuth2Client } from 'google-auth-library'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { serveMock } from '../../src/cli/serve-mock.js'
import { type MockServer, startMockServer } from '../../src/mock/index.js'
import { bufferIO } from './support.js'

const REDIRECT = 'http://127.0.0.1:9/callback'
const CLIENT_SECRET = 'cs-0f3a9c-very-secret'
const COOKIE = 'sid-77e1b2-session-cookie'
const PACK_DATA = {
  oauth2: {
    default: { clients: [{ clientId: 'app', clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT] }] },
  },
  'google-calendar': { default: {} },
}

interface Served {
  readonly url: string
  readonly out: () => string
  readonly err: () => string
  stop(): Promise<void>
}

async function serve(options: Parameters<typeof serveMock>[0]): Promise<Served> {
  const io = bufferIO()
  const stop = new AbortController()
  const done = serveMock({ port: 0, json: true, ...options }, io, stop.signal)
  while (!io.out().includes('"event":"listening"')) await new Promise((r) => setTimeout(r, 10))
  const listening = io
    .out()
    .split('\n')
    .find((l) => l.includes('"event":"listening"'))!
  return {
    url: (JSON.parse(listening) as { url: string }).url,
    out: io.out,
    err: io.err,
    async stop() {
      stop.abort()
      await done
    },
  }
}

/** Runs what an app does through the SDKs against `url`; returns every secret value that crossed the wire. */
async function useSdks(url: string, clientAuth: 'basic' | 'post'): Promise<string[]> {
  const config = new oidc.Configuration(
    {
      issuer: url,
      authorization_endpoint: `${url}/authorize`,
      token_endpoint: `${url}/token`,
      revocation_endpoint: `${url}/revoke`,
    },
    'app',
    CLIENT_SECRET,
    clientAuth === 'basic' ? oidc.ClientSecretBasic(CLIENT_SECRET) : oidc.ClientSecretPost(CLIENT_SECRET),
  )
  oidc.allowInsecureRequests(config)
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const authorizeUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'https://www.googleapis.com/auth/calendar',
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const redirect = await fetch(authorizeUrl, { redirect: 'manual' })
  const callback = new URL(redirect.headers.get('location')!)
  const code = callback.searchParams.get('code')!
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  })
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
  const auth = new OAuth2Client()
  auth.setCredentials({ access_token: refreshed.access_token })
  const api = googleCalendar({
    version: 'v3',
    rootUrl: `${url}/`,
    auth,
    headers: { cookie: `sid=${COOKIE}` },
  })
  await api.events.insert({
    calendarId: 'primary',
    requestBody: {
      summary: 'x',
      start: { dateTime: '2026-05-04T09:00:00Z' },
      end: { dateTime: '2026-05-04T10:00:00Z' },
    },
  })
  await api.events.list({ calendarId: 'primary' })
  await oidc.tokenRevocation(config, tokens.refresh_token!)
  const secrets = [
    CLIENT_SECRET,
    COOKIE,
    code,
    verifier,
    tokens.access_token,
    tokens.refresh_token!,
    refreshed.access_token,
  ]
  if (clientAuth === 'basic') secrets.push(Buffer.from(`app:${CLIENT_SECRET}`).toString('base64'))
  return secrets
}

function expectNone(secrets: readonly string[], outputs: Record<string, string>): void {
  for (const [name, text] of Object.entries(outputs)) {
    for (const secret of secrets) expect(text.includes(secret), `${name} contains ${secret}`).toBe(false)
  }
}

let upstream: MockServer
beforeAll(async () => {
  upstream = await startMockServer({ port: 0, packs: ['oauth2', 'google-calendar'], packData: PACK_DATA })
})
afterAll(() => upstream.close())

describe('mock serve --json keeps secrets out of every output', () => {
  it('pack mode: stdout, stderr and the journal (admin route) carry no secret the SDKs sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-secrets-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    // The pack data comes from files here, as a user's would.
    mkdirSync(join(dir, 'packs/oauth2'), { recursive: true })
    writeFileSync(join(dir, 'packs/oauth2/default.json'), JSON.stringify(PACK_DATA.oauth2.default))
    const served = await serve({ dir, packs: ['oauth2', 'google-calendar'] })
    const secrets = [...(await useSdks(served.url, 'basic')), ...(await useSdks(served.url, 'post'))]
    const journal = await (await fetch(`${served.url}/__admin/journal`)).text()
    await served.stop()
    expect(served.out()).toContain('"event":"request"')
    expect(served.out()).toContain('[REDACTED]')
    expectNone(secrets, { stdout: served.out(), stderr: served.err(), journal })
  })

  it('record mode: the recording file is free of them too (request matchers, token responses, redirects)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-secrets-rec-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const served = await serve({ dir, record: upstream.url })
    const secrets = await useSdks(served.url, 'post')
    const journal = await (await fetch(`${served.url}/__admin/journal`)).text()
    await served.stop()
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
    expect(files.length).toBeGreaterThan(0)
    const recordings = files.map((f) => readFileSync(join(f.parentPath, f.name), 'utf8')).join('\n')
    expect(recordings).toContain('/token')
    expectNone(secrets, { stdout: served.out(), stderr: served.err(), journal, recordings })
  })

  it('--log-secrets logs them verbatim, after a warning on stderr', async () => {
    const served = await serve({ packs: ['oauth2', 'google-calendar'], logSecrets: true })
    // No oauth2 data: the default client test-client / test-secret; the cookie goes through the calendar SDK.
    const auth = new OAuth2Client()
    auth.setCredentials({ access_token: 'at-visible' })
    const api = googleCalendar({
      version: 'v3',
      rootUrl: `${served.url}/`,
      auth,
      headers: { cookie: `sid=${COOKIE}` },
    })
    await api.events.list({ calendarId: 'primary' }).catch(() => undefined)
    await served.stop()
    expect(served.err()).toContain('warning: --log-secrets')
    expect(served.out()).toContain(COOKIE)
  })
})
