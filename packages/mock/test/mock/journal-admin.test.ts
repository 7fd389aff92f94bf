import { describe, expect, it } from 'vitest'
import {
  checkReceived,
  MockVerificationError,
  mockMatchers,
  startMockServer,
  verifyReceived,
} from '../../src/mock/index.js'

expect.extend(mockMatchers)
declare module 'vitest' {
  interface Assertion {
    toHaveReceived(expected: import('../../src/mock/index.js').ReceivedExpectation): void
  }
}

const STUBS = [
  { id: 'get-user', request: { method: 'GET', path: '/users/:id' }, response: { json: { ok: true } } },
  { id: 'create', request: { method: 'POST', path: '/users' }, response: { status: 201 } },
]

describe('journal and verification', () => {
  it('records each request with what answered it, and verifies counts', async () => {
    await using mock = await startMockServer({ stubs: STUBS })
    await fetch(`${mock.url}/users/1`)
    await fetch(`${mock.url}/users/2`, { headers: { 'x-mock-scenario': 'default#t1' } })
    await fetch(`${mock.url}/users`, { method: 'POST', body: 'name=a' })
    await fetch(`${mock.url}/nothing`)
    const [first] = mock.journal.entries()
    expect(first).toMatchObject({
      seq: 1,
      method: 'GET',
      path: '/users/1',
      scenario: 'default',
      status: 200,
      answeredBy: { kind: 'stub', id: 'get-user' },
    })
    expect(mock.journal.count({ path: '/users/:id' })).toBe(2)
    expect(mock.journal.count({ path: '/users/:id', scenario: 'default#t1' })).toBe(1)
    expect(mock.journal.count({ stub: 'create' })).toBe(1)
    expect(mock.journal.unmatched().map((e) => e.path)).toEqual(['/nothing'])

    verifyReceived(mock, { method: 'GET', path: '/users/:id', times: 2 })
    verifyReceived(mock, { method: 'POST', path: /^\/users$/, times: { atLeast: 1, atMost: 1 } })
    expect(() => verifyReceived(mock, { method: 'DELETE', path: '/users/:id' })).toThrow(
      MockVerificationError,
    )
    expect(
      checkReceived(mock, { method: 'GET', path: '/users/:id', times: 3 }).message,
    ).toMatchInlineSnapshot(`
      "expected GET /users/:id 3 times, received 2.
      Last 4 of 4 requests received:
        GET /users/1 [default] → 200 (stub get-user)
        GET /users/2 [default#t1] → 200 (stub get-user)
        POST /users [default] → 201 (stub create)
        GET /nothing [default] → 404 (no-match)"
    `)
    expect(mock).toHaveReceived({ method: 'POST', path: '/users', times: 1 })
    expect(mock).not.toHaveReceived({ method: 'PUT' })
    expect(() => expect(mock).toHaveReceived({ path: '/users/:id', times: 5 })).toThrow(
      /expected any method \/users\/:id 5 times, received 2/,
    )
  })

  it('keeps at most journalLimit entries per scenario id', async () => {
    await using mock = await startMockServer({ stubs: STUBS, journalLimit: 3 })
    for (let i = 0; i < 5; i++) await fetch(`${mock.url}/users/${i}`)
    await fetch(`${mock.url}/users/x`, { headers: { 'x-mock-scenario': 'default#other' } })
    expect(mock.journal.entries({ scenario: 'default#other' })).toHaveLength(1)
    expect(mock.journal.entries({ scenario: 'default' }).map((e) => e.path)).toEqual([
      '/users/2',
      '/users/3',
      '/users/4',
      '/users/x',
    ])
    mock.journal.clear('default#other')
    expect(mock.journal.count()).toBe(3)
  })

  it('keeps at most journalTotalLimit entries across scenario ids, dropping the oldest', async () => {
    await using mock = await startMockServer({ stubs: STUBS, journalLimit: 3, journalTotalLimit: 4 })
    for (let i = 0; i < 6; i++)
      await fetch(`${mock.url}/users/${i}`, { headers: { 'x-mock-scenario': `default#t${i % 3}` } })
    expect(mock.journal.entries().map((e) => `${e.scenario} ${e.path}`)).toEqual([
      'default#t2 /users/2',
      'default#t0 /users/3',
      'default#t1 /users/4',
      'default#t2 /users/5',
    ])
    mock.journal.clear('default#t2')
    await fetch(`${mock.url}/users/6`)
    expect(mock.journal.entries().map((e) => e.path)).toEqual(['/users/3', '/users/4', '/users/6'])
  })
})

describe('admin API', () => {
  it('lists, adds, removes and resets stubs over HTTP', async () => {
    await using mock = await startMockServer({ stubs: STUBS })
    const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${mock.url}/__admin${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      })
    expect(
      ((await (await admin('GET', '/stubs')).json()) as { stubs: { id: string }[] }).stubs.map((s) => s.id),
    ).toEqual(['create', 'get-user'])
    const added = await admin('POST', '/stubs', {
      id: 'ping',
      request: { path: '/ping' },
      response: { text: 'pong' },
    })
    expect(added.status).toBe(201)
    expect(await added.json()).toEqual({ ids: ['ping'] })
    expect(await (await fetch(`${mock.url}/ping`)).text()).toBe('pong')
    const bad = await admin('POST', '/stubs', { request: { method: 'FETCH' }, response: {} })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({
      code: 'PGT_MOCK_STUBS_INVALID',
      problems: [{ field: 'request.method' }],
    })
    const dup = await admin('POST', '/stubs', { id: 'ping', response: {} })
    expect(((await dup.json()) as { error: string }).error).toContain('duplicate stub id "ping"')
    expect((await admin('DELETE', '/stubs/ping')).status).toBe(200)
    expect((await admin('DELETE', '/stubs/ping')).status).toBe(404)
    await admin('POST', '/stubs', { id: 'temp', request: { path: '/temp' }, response: {} })
    expect((await admin('POST', '/stubs/reset')).status).toBe(200)
    expect(mock.stubs.list().map((s) => s.id)).toEqual(['create', 'get-user'])
    expect((await admin('POST', '/stubs', '{oops')).status).toBe(400)
    expect(await (await admin('GET', '/nowhere')).json()).toMatchObject({
      error: 'no admin route GET /__admin/nowhere',
    })
    expect(mock.journal.count()).toBe(1)
  })

  it('drives scenarios, faults, bindings, the journal and the clock over HTTP', async () => {
    await using mock = await startMockServer({
      now: () => new Date('2026-01-01T00:00:00Z'),
      stubs: [
        {
          id: 'a',
          scenario: 'flow',
          request: { path: '/step' },
          state: { is: 'started', next: 'two' },
          response: { text: 'one' },
        },
        {
          id: 'b',
          scenario: 'flow',
          request: { path: '/step' },
          state: { is: 'two' },
          response: { text: 'two' },
        },
        { id: 'now', request: { path: '/now' }, response: { text: '{{now}}' } },
      ],
    })
    const admin = async (method: string, path: string, body?: unknown): Promise<unknown> =>
      (
        await fetch(`${mock.url}/__admin${path}`, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      ).json()
    const step = async (headers: Record<string, string> = { 'x-mock-scenario': 'flow' }): Promise<string> =>
      (await fetch(`${mock.url}/step`, { headers })).text()
    expect(await step()).toBe('one')
    expect(await admin('GET', '/scenarios')).toMatchObject({
      known: ['default', 'flow'],
      scenarios: expect.arrayContaining([
        { id: 'flow', base: 'flow', states: { main: 'two' }, served: { a: 1 } },
      ]),
    })
    await admin('POST', '/scenarios/flow/reset')
    expect(await step()).toBe('one')
    await admin('PUT', '/scenarios/flow/state', { state: 'started' })
    expect(await step()).toBe('one')
    await admin('PUT', `/scenarios/${encodeURIComponent('flow#x')}/faults`, {
      faults: [{ kind: 'server-error', status: 500 }],
    })
    expect((await fetch(`${mock.url}/step`, { headers: { 'x-mock-scenario': 'flow#x' } })).status).toBe(500)
    await admin('PUT', `/scenarios/${encodeURIComponent('flow#x')}/faults`, { faults: [] })
    expect((await fetch(`${mock.url}/step`, { headers: { 'x-mock-scenario': 'flow#x' } })).status).toBe(200)
    await admin('POST', '/scenarios/flow/bind', { header: 'x-client', value: 'app-1' })
    expect(await step({ 'x-client': 'app-1' })).toBe('two')
    await admin('DELETE', '/scenarios/flow/bind')
    expect((await fetch(`${mock.url}/step`, { headers: { 'x-client': 'app-1' } })).status).toBe(404)
    expect(await admin('POST', '/journal/count', { path: '/step', scenario: 'flow' })).toEqual({ count: 6 })
    expect(
      ((await admin('GET', '/journal?scenario=flow%23x')) as { entries: unknown[] }).entries,
    ).toHaveLength(2)
    expect(((await admin('GET', '/journal/unmatched')) as { entries: unknown[] }).entries).toHaveLength(1)
    expect(await admin('POST', '/clock', { advanceMs: 1000 })).toEqual({ now: '2026-01-01T00:00:01.000Z' })
    expect(await (await fetch(`${mock.url}/now`)).text()).toBe('2026-01-01T00:00:01.000Z')
    await admin('DELETE', '/journal')
    expect(mock.journal.count()).toBe(0)
    await admin('POST', '/reset')
    expect(await admin('GET', '/clock')).toEqual({ now: '2026-01-01T00:00:00.000Z' })
    expect(await step()).toBe('one')
  })
})
