import { describe, expect, it } from 'vitest'
import { serveMock } from '../../src/cli/serve-mock.js'
import { type JournalEntry, startMockServer } from '../../src/mock/index.js'
import { bufferIO } from './support.js'

const STUBS = [{ id: 'login', request: { method: 'POST', path: '/login' }, response: { json: { ok: true } } }]
/** Every secret the requests below send; none may show up in any output. */
const SECRETS = [
  'bearer-abc-123',
  'api-key-456',
  'hunter2',
  'client-secret-789',
  'query-token-000',
  'sess-cookie-1',
]

/** Sends credentials every way a client does: headers, query, JSON and form bodies. */
async function sendSecrets(base: string): Promise<void> {
  await fetch(`${base}/login?access_token=query-token-000&page=2`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer bearer-abc-123',
      'x-api-key': 'api-key-456',
      cookie: 'session=sess-cookie-1',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ user: 'ann', password: 'hunter2' }),
  })
  await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_secret=client-secret-789',
  })
}

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret)
}

describe('the mock beyond loopback', () => {
  it('refuses to listen on 0.0.0.0 without an admin token', async () => {
    await expect(startMockServer({ host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      code: 'PGT_MOCK_ADMIN_TOKEN',
      message: expect.stringMatching(
        /Failed to start the mock server on 0\.0\.0\.0: .*admin API.*adminToken/s,
      ),
    })
  })

  it('with a token, admin routes need it as a bearer token; the mocked API does not', async () => {
    await using mock = await startMockServer({ host: '0.0.0.0', port: 0, adminToken: 'tok-1', stubs: STUBS })
    const local = `http://127.0.0.1:${mock.port}`
    expect((await fetch(`${local}/login`, { method: 'POST' })).status).toBe(200)
    const none = await fetch(`${local}/__admin/journal`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    const wrong = await fetch(`${local}/__admin/stubs/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok-2' },
    })
    expect(wrong.status).toBe(401)
    expect(mock.stubs.list()).toHaveLength(1) // the refused reset did nothing
    const right = await fetch(`${local}/__admin/journal`, { headers: { authorization: 'Bearer tok-1' } })
    expect(right.status).toBe(200)
  })
})

describe('the journal keeps no secrets', () => {
  it('headers, query and body secrets are redacted in the journal, its admin route and onRequest', async () => {
    const heard: JournalEntry[] = []
    await using mock = await startMockServer({ port: 0, stubs: STUBS, onRequest: (e) => heard.push(e) })
    await sendSecrets(mock.url)
    const entries = mock.journal.entries()
    expect(entries).toHaveLength(2)
    expect(entries[0]?.headers['authorization']).toBe('[REDACTED]')
    expect(entries[0]?.query).toEqual({ access_token: '[REDACTED]', page: '2' })
    expect(JSON.parse(entries[0]?.body ?? '')).toEqual({ user: 'ann', password: '[REDACTED]' })
    expect(entries[1]?.body).toBe('grant_type=client_credentials&client_secret=%5BREDACTED%5D')
    expectNoSecrets(JSON.stringify(entries))
    expectNoSecrets(JSON.stringify(heard))
    expectNoSecrets(await (await fetch(`${mock.url}/__admin/journal`)).text())
  })

  it("journalSecrets: 'keep' keeps them verbatim (opt-in)", async () => {
    await using mock = await startMockServer({ port: 0, stubs: STUBS, journalSecrets: 'keep' })
    await sendSecrets(mock.url)
    expect(mock.journal.entries()[0]?.headers['authorization']).toBe('Bearer bearer-abc-123')
  })
})

describe('pgtestbed mock serve', () => {
  it('--host 0.0.0.0 warns, generates and prints a token once, and logs no secrets', async () => {
    const io = bufferIO()
    const stop = new AbortController()
    const served = serveMock({ host: '0.0.0.0', port: 0, json: true }, io, stop.signal)
    const url = await waitFor(() => {
      const line = io
        .out()
        .split('\n')
        .find((l) => l.includes('"listening"'))
      return line === undefined ? undefined : (JSON.parse(line) as { url: string }).url
    })
    const local = url.replace('0.0.0.0', '127.0.0.1')
    await sendSecrets(local)
    const token = /admin token \(printed once[^)]*\): (\S+)/.exec(io.err())?.[1] ?? ''
    expect(token.length).toBeGreaterThanOrEqual(24)
    expect((await fetch(`${local}/__admin/journal`)).status).toBe(401)
    const journal = await fetch(`${local}/__admin/journal`, { headers: { authorization: `Bearer ${token}` } })
    expect(journal.status).toBe(200)
    expectNoSecrets(await journal.text())
    stop.abort()
    expect(await served).toBe(0)
    expect(io.err()).toMatch(
      /warning: listening on 0\.0\.0\.0 exposes the mock, its admin API and its journal/,
    )
    expect(io.err().split(token)).toHaveLength(2) // printed once
    expect(io.out()).not.toContain(token)
    expect(io.out()).toContain('"event":"request"')
    expectNoSecrets(io.out())
  })

  it('a token from PGTESTBED_MOCK_ADMIN_TOKEN is used and never printed; text logs redact too', async () => {
    const io = bufferIO({ PGTESTBED_MOCK_ADMIN_TOKEN: 'env-token-abcdefghijklmnopqrstuvwxyz' })
    const stop = new AbortController()
    const served = serveMock({ host: '0.0.0.0', port: 0 }, io, stop.signal)
    const port = await waitFor(() => /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(io.out())?.[1])
    const local = `http://127.0.0.1:${port}`
    await sendSecrets(local)
    const ok = await fetch(`${local}/__admin/stubs`, {
      headers: { authorization: 'Bearer env-token-abcdefghijklmnopqrstuvwxyz' },
    })
    expect(ok.status).toBe(200)
    stop.abort()
    expect(await served).toBe(0)
    expect(io.err() + io.out()).not.toContain('env-token-abcdefghijklmnopqrstuvwxyz')
    expect(io.out()).toMatch(/POST \/login\?access_token=%5BREDACTED%5D/)
    expectNoSecrets(io.out())
  })
})

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 10))
  }
}
