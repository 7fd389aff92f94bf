import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type MockError, startMockServer } from '../../src/mock/index.js'
import { stubFolder } from './support.js'

/** A stand-in for a real API, on loopback. */
async function startUpstream(): Promise<{ url: string; close(): Promise<void>; calls: number }> {
  let calls = 0
  let version = 0
  const server = createServer((req, res) => {
    calls++
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      if (req.url?.startsWith('/api/token')) {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sid=secret-session' })
        res.end(
          JSON.stringify({
            access_token: 'real-access-token',
            refresh_token: 'real-refresh',
            token_type: 'Bearer',
            got: (req.headers['content-type']?.includes('json')
              ? JSON.parse(body)
              : Object.fromEntries(new URLSearchParams(body))
            ).grant_type,
          }),
        )
        return
      }
      version++
      res.writeHead(200, { 'content-type': 'application/json', 'x-internal': 'dropped' })
      res.end(
        JSON.stringify({
          path: req.url,
          version,
          auth: req.headers.authorization === undefined ? 'none' : 'sent',
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/api`,
    get calls() {
      return calls
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

describe('record and replay', () => {
  it('forwards to the target, writes redacted stubs, and replays them without the target', async () => {
    const upstream = await startUpstream()
    const dir = stubFolder({})
    const headers = { authorization: 'Bearer live-token-123', 'content-type': 'application/json' }
    {
      await using recorder = await startMockServer({ record: { target: upstream.url, dir } })
      const token = await fetch(`${recorder.url}/token`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ grant_type: 'client_credentials', client_secret: 's3cr3t' }),
      })
      expect(await token.json()).toMatchObject({
        access_token: 'real-access-token',
        got: 'client_credentials',
      })
      expect(await (await fetch(`${recorder.url}/items?page=1&api_key=k`, { headers })).json()).toEqual({
        path: '/api/items?page=1&api_key=k',
        version: 1,
        auth: 'sent',
      })
      expect(await (await fetch(`${recorder.url}/items?page=1&api_key=k`, { headers })).json()).toMatchObject(
        { version: 2 },
      )
      const form = { 'content-type': 'application/x-www-form-urlencoded' }
      const refreshed = await fetch(`${recorder.url}/token`, {
        method: 'POST',
        headers: form,
        body: 'grant_type=refresh_token&refresh_token=RT-secret-1',
      })
      expect(await refreshed.json()).toMatchObject({ got: 'refresh_token' })
      const scoped = await fetch(`${recorder.url}/items?page=1`, {
        headers: { ...headers, 'x-mock-scenario': 'other' },
      })
      expect(await scoped.json()).toMatchObject({ version: 3 })
      expect(recorder.journal.entries()[0]?.answeredBy).toEqual({ kind: 'record', target: upstream.url })
      expect(recorder.recordingFile?.startsWith(dir)).toBe(true)
    }
    await upstream.close()
    const files = readdirSync(dir)
    expect(files).toHaveLength(1)
    const text = readFileSync(join(dir, files[0] as string), 'utf8')
    for (const secret of [
      'live-token-123',
      'real-access-token',
      'real-refresh',
      's3cr3t',
      'secret-session',
      'RT-secret-1',
      'api_key=k',
      'x-internal',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('[REDACTED]')

    await using replay = await startMockServer({ dir })
    const token = await fetch(`${replay.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_secret: 'other' }),
    })
    expect(await token.json()).toEqual({
      access_token: '[REDACTED]',
      refresh_token: '[REDACTED]',
      token_type: 'Bearer',
      got: 'client_credentials',
    })
    const refreshed = await fetch(`${replay.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=other',
    })
    expect(await refreshed.json()).toMatchObject({ got: 'refresh_token' })
    // Repeats replay in order, then the last one repeats.
    const versions = []
    for (let i = 0; i < 3; i++)
      versions.push(
        ((await (await fetch(`${replay.url}/items?page=1`)).json()) as { version: number }).version,
      )
    expect(versions).toEqual([1, 2, 2])
    // The request recorded in scenario "other" replays only there.
    const other = await fetch(`${replay.url}/items?page=1`, { headers: { 'x-mock-scenario': 'other' } })
    expect(await other.json()).toMatchObject({ version: 3 })
    expect(replay.stubs.list().map((s) => s.id)).toContain('other-rec-004-get-items')
    expect(upstream.calls).toBe(5)
  })

  it('refuses to start when the record target does not answer, and answers 502 when it goes away', async () => {
    const upstream = await startUpstream()
    const port = Number(new URL(upstream.url).port)
    await using recorder = await startMockServer({ record: { target: upstream.url, dir: stubFolder({}) } })
    await upstream.close()
    const res = await fetch(`${recorder.url}/items`)
    expect(res.status).toBe(502)
    expect(((await res.json()) as { error: string }).error).toBe(
      `record target http://127.0.0.1:${port} did not answer (ECONNREFUSED)`,
    )
    let error: MockError | undefined
    try {
      await startMockServer({ record: `http://127.0.0.1:${port}` })
    } catch (err) {
      error = err as MockError
    }
    expect(error?.code).toBe('PGT_MOCK_RECORD_TARGET')
    expect(error?.message).toBe(
      `Failed to record from http://127.0.0.1:${port}: it does not answer (ECONNREFUSED). Start the service, or check the --record URL (scheme, host and port).`,
    )
  })
})
