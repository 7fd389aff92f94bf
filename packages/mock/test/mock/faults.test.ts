import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { type FaultDefinition, type MockPack, startMockServer } from '../../src/mock/index.js'
import { rawRequest } from './support.js'

const BODY = { message: 'hello from the mock', items: [1, 2, 3, 4, 5, 6, 7, 8] }

function withFault(fault: FaultDefinition): Parameters<typeof startMockServer>[0] {
  return { stubs: [{ id: 's', request: { path: '/x' }, response: { json: BODY }, faults: [fault] }] }
}

/** What a bare TCP client sees: the bytes, and whether the stream ended cleanly (FIN) or was reset (RST). */
function rawTcp(port: number): Promise<{ ending: 'fin' | 'rst'; data: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /x HTTP/1.1\r\nHost: x\r\n\r\n'))
    let data = ''
    socket.on('data', (c) => {
      data += c.toString()
    })
    socket.on('end', () => resolve({ ending: 'fin', data }))
    socket.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ ending: err.code === 'ECONNRESET' ? 'rst' : 'fin', data }),
    )
  })
}

describe('faults', () => {
  it('adds latency (and journals it)', async () => {
    await using mock = await startMockServer(withFault({ kind: 'latency', ms: 20, jitterMs: 5 }))
    const out = await rawRequest(`${mock.url}/x`)
    expect(out).toMatchObject({ kind: 'response', status: 200 })
    expect(mock.journal.entries()[0]?.faults).toEqual(['latency'])
  })

  it('answers 429 with Retry-After, and 5xx', async () => {
    await using limited = await startMockServer(withFault({ kind: 'rate-limit', retryAfter: 7 }))
    const out = await rawRequest(`${limited.url}/x`)
    expect(out).toMatchObject({ kind: 'response', status: 429, headers: { 'retry-after': '7' } })
    await using failing = await startMockServer(
      withFault({ kind: 'server-error', status: 502, body: 'bad gateway' }),
    )
    expect(await rawRequest(`${failing.url}/x`)).toMatchObject({
      kind: 'response',
      status: 502,
      body: 'bad gateway',
    })
  })

  it('resets the connection with a real TCP RST, and closes cleanly for an empty response', async () => {
    await using reset = await startMockServer(withFault({ kind: 'connection-reset' }))
    expect(await rawTcp(reset.port)).toEqual({ ending: 'rst', data: '' })
    expect(await rawRequest(`${reset.url}/x`)).toMatchObject({ kind: 'error', code: 'ECONNRESET' })
    expect(reset.journal.entries()[0]).toMatchObject({ status: undefined, faults: ['connection-reset'] })
    await using empty = await startMockServer(withFault({ kind: 'empty-response' }))
    expect(await rawTcp(empty.port)).toEqual({ ending: 'fin', data: '' })
  })

  it('sends a malformed body, a partial body then close, and a dribbled body', async () => {
    await using malformed = await startMockServer(withFault({ kind: 'malformed-body' }))
    const bad = await rawRequest(`${malformed.url}/x`)
    expect(bad).toMatchObject({ kind: 'response', status: 200 })
    expect(() => JSON.parse((bad as { body: string }).body)).toThrow()

    await using partial = await startMockServer(withFault({ kind: 'partial-body', bytes: 10 }))
    const cut = await rawRequest(`${partial.url}/x`)
    expect(cut).toMatchObject({ kind: 'error', status: 200, bodySoFar: JSON.stringify(BODY).slice(0, 10) })

    await using dribble = await startMockServer(withFault({ kind: 'dribble', chunks: 4, totalMs: 40 }))
    const slow = await rawRequest(`${dribble.url}/x`)
    expect(slow).toMatchObject({ kind: 'response', status: 200, body: JSON.stringify(BODY) })
  })

  it('fires with a probability from a seed: the same sequence every run, different per seed', async () => {
    const run = async (seed: number): Promise<number[]> => {
      await using mock = await startMockServer(withFault({ kind: 'server-error', probability: 0.5, seed }))
      const statuses: number[] = []
      for (let i = 0; i < 16; i++) statuses.push((await fetch(`${mock.url}/x`)).status)
      return statuses
    }
    const first = await run(42)
    expect(await run(42)).toEqual(first)
    expect(first).toContain(503)
    expect(first).toContain(200)
    expect(await run(7)).not.toEqual(first)
  })

  it('fires every Nth request and at most `times` times', async () => {
    await using mock = await startMockServer(withFault({ kind: 'server-error', everyNth: 2, times: 2 }))
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${mock.url}/x`)).status)
    expect(statuses).toEqual([200, 503, 200, 503, 200, 200])
  })

  it('applies per-scenario faults to stub and pack answers, from options and at run time', async () => {
    const pack: MockPack = {
      name: 'echo',
      handle: (req) => (req.path === '/echo' ? { status: 200, body: { path: req.path } } : undefined),
    }
    await using mock = await startMockServer({
      packs: [pack],
      stubs: [{ request: { path: '/x' }, response: { text: 'x' } }],
      scenarios: { throttled: { faults: [{ kind: 'rate-limit', retryAfter: 2 }] } },
    })
    const h = { 'x-mock-scenario': 'throttled' }
    expect((await fetch(`${mock.url}/x`, { headers: h })).status).toBe(429)
    expect((await fetch(`${mock.url}/echo`, { headers: h })).status).toBe(429)
    expect((await fetch(`${mock.url}/echo`)).status).toBe(200)
    mock.scenarios.setFaults('default', [{ kind: 'server-error', times: 1 }])
    expect((await fetch(`${mock.url}/echo`)).status).toBe(503)
    expect((await fetch(`${mock.url}/echo`)).status).toBe(200)
    expect(mock.journal.entries({ pack: 'echo' }).map((e) => e.status)).toEqual([429, 200, 503, 200])
  })
})
