import { describe, expect, it } from 'vitest'
import { startMockServer } from '../../src/mock/index.js'

const get = async (
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> => {
  const res = await fetch(url, { headers })
  return { status: res.status, text: await res.text() }
}

describe('scenarios', () => {
  it('picks the scenario by header, by path prefix, by binding, else default', async () => {
    await using mock = await startMockServer({
      stubs: [
        { id: 'any', request: { path: '/me' }, response: { text: 'default me' } },
        {
          id: 'expired',
          scenario: 'expired',
          request: { path: '/me' },
          response: { status: 401, text: 'expired' },
        },
      ],
    })
    expect(await get(`${mock.url}/me`)).toEqual({ status: 200, text: 'default me' })
    expect(await get(`${mock.url}/me`, { 'x-mock-scenario': 'expired' })).toEqual({
      status: 401,
      text: 'expired',
    })
    expect(await get(`${mock.url}/__scenario/expired/me`)).toEqual({ status: 401, text: 'expired' })
    mock.scenarios.bind('expired', { header: 'authorization', value: 'Bearer old' })
    expect(await get(`${mock.url}/me`, { authorization: 'Bearer old' })).toEqual({
      status: 401,
      text: 'expired',
    })
    expect(await get(`${mock.url}/me`, { authorization: 'Bearer new' })).toEqual({
      status: 200,
      text: 'default me',
    })
    mock.scenarios.bind('expired', { remoteAddress: '127.0.0.1' })
    expect((await get(`${mock.url}/me`)).status).toBe(401)
    mock.scenarios.unbind()
    expect((await get(`${mock.url}/me`)).status).toBe(200)
    expect(mock.journal.entries().map((e) => e.scenario)).toEqual([
      'default',
      'expired',
      'expired',
      'expired',
      'default',
      'expired',
      'default',
    ])
  })

  it('answers an unknown scenario with a 404 listing the known ones', async () => {
    await using mock = await startMockServer({
      stubs: [{ scenario: ['a', 'b'], request: { path: '/x' }, response: { text: 'x' } }],
    })
    const res = await fetch(`${mock.url}/x`, { headers: { 'x-mock-scenario': 'c' } })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({
      error: 'unknown scenario "c"',
      knownScenarios: ['a', 'b', 'default'],
    })
  })

  it('runs a state machine per scenario id, isolated between # instances', async () => {
    await using mock = await startMockServer({
      stubs: [
        {
          id: 'pay',
          scenario: 'checkout',
          request: { method: 'POST', path: '/pay' },
          state: { is: 'started', next: 'paid' },
          response: { text: 'paid' },
        },
        {
          id: 'pay-again',
          scenario: 'checkout',
          request: { method: 'POST', path: '/pay' },
          state: { is: 'paid' },
          response: { status: 409, text: 'already paid' },
        },
        {
          id: 'status',
          scenario: 'checkout',
          request: { path: '/status' },
          state: { is: ['paid'] },
          response: { text: 'done' },
        },
        {
          id: 'status-pending',
          scenario: 'checkout',
          request: { path: '/status' },
          response: { text: 'pending' },
          priority: 6,
        },
      ],
    })
    const pay = (id: string): Promise<Response> =>
      fetch(`${mock.url}/pay`, { method: 'POST', headers: { 'x-mock-scenario': id } })
    expect(await get(`${mock.url}/status`, { 'x-mock-scenario': 'checkout#t1' })).toEqual({
      status: 200,
      text: 'pending',
    })
    expect((await pay('checkout#t1')).status).toBe(200)
    expect((await pay('checkout#t1')).status).toBe(409)
    expect(await get(`${mock.url}/status`, { 'x-mock-scenario': 'checkout#t1' })).toEqual({
      status: 200,
      text: 'done',
    })
    // Another instance of the same scenario starts fresh.
    expect((await pay('checkout#t2')).status).toBe(200)
    expect(mock.scenarios.list().find((s) => s.id === 'checkout#t1')?.states).toEqual({ main: 'paid' })
    mock.scenarios.reset('checkout#t1')
    expect((await pay('checkout#t1')).status).toBe(200)
    mock.scenarios.setState('checkout#t3', 'paid')
    expect((await pay('checkout#t3')).status).toBe(409)
  })

  it('serves a stub N times, then the next one; sequences repeat the last or cycle', async () => {
    await using mock = await startMockServer({
      stubs: [
        { id: 'twice', times: 2, request: { path: '/flaky' }, response: { status: 503 } },
        { id: 'then-ok', priority: 6, request: { path: '/flaky' }, response: { text: 'ok' } },
        { id: 'seq', request: { path: '/seq' }, responses: [{ text: 'one' }, { text: 'two' }] },
        {
          id: 'cycle',
          request: { path: '/cycle' },
          repeat: 'cycle',
          responses: [{ text: 'a' }, { text: 'b' }],
        },
      ],
    })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${mock.url}/flaky`)).status)
    expect(statuses).toEqual([503, 503, 200, 200])
    const texts = async (path: string, n: number): Promise<string[]> => {
      const out = []
      for (let i = 0; i < n; i++) out.push(await (await fetch(`${mock.url}${path}`)).text())
      return out
    }
    expect(await texts('/seq', 3)).toEqual(['one', 'two', 'two'])
    expect(await texts('/cycle', 3)).toEqual(['a', 'b', 'a'])
    // Counters are per scenario id.
    expect(
      (await fetch(`${mock.url}/flaky`, { headers: { 'x-mock-scenario': 'default#other' } })).status,
    ).toBe(503)
  })
})

describe('templating', () => {
  it('fills responses from path params, query, headers, body, scenario, clock and counters', async () => {
    await using mock = await startMockServer({
      now: () => new Date('2026-03-01T12:00:00.000Z'),
      stubs: [
        {
          request: { method: 'POST', path: '/orders/:id' },
          response: {
            status: 201,
            headers: { location: '/orders/{{params.id}}', 'x-scenario': '{{scenario}}' },
            json: {
              id: '{{params.id}}',
              qty: '{{body.qty}}',
              firstItem: '{{body.items.0}}',
              note: 'for {{query.who}} via {{headers.user-agent}}',
              expires: "{{now '+1h'}}",
              yesterday: "{{now '-1 day' 'date'}}",
              epoch: "{{now '+30s' 'epoch'}}",
              seq: '{{seq}}',
              uuid: '{{uuid}}',
              dice: '{{randomInt 1 6}}',
            },
          },
        },
      ],
    })
    const res = await fetch(`${mock.url}/orders/A1?who=ada`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 't' },
      body: '{"qty":3,"items":["x"]}',
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('/orders/A1')
    expect(res.headers.get('x-scenario')).toBe('default')
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      id: 'A1',
      qty: 3,
      firstItem: 'x',
      note: 'for ada via t',
      expires: '2026-03-01T13:00:00.000Z',
      yesterday: '2026-02-28',
      epoch: 1772366430,
      seq: 1,
    })
    expect(body['uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(body['dice']).toBeGreaterThanOrEqual(1)
    mock.clock.advance(60_000)
    const again = (await (await fetch(`${mock.url}/orders/B`, { method: 'POST' })).json()) as Record<
      string,
      unknown
    >
    expect(again).toMatchObject({ id: 'B', seq: 2, expires: '2026-03-01T13:01:00.000Z' })
  })

  it('sends file bodies and untemplated text as written', async () => {
    const { stubFolder } = await import('./support.js')
    const dir = stubFolder({
      'stubs.yaml':
        'stubs:\n  - request: { path: /file }\n    response: { file: __files/user.json }\n  - request: { path: /raw }\n    response: { text: "{{not a template}}", template: false }\n',
      '__files/user.json': '{"name":"{{kept}}"}',
    })
    await using mock = await startMockServer({ dir })
    const file = await fetch(`${mock.url}/file`)
    expect(file.headers.get('content-type')).toContain('application/json')
    expect(await file.text()).toBe('{"name":"{{kept}}"}')
    expect(await (await fetch(`${mock.url}/raw`)).text()).toBe('{{not a template}}')
  })
})
