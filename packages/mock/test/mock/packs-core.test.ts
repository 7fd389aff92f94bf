import { describe, expect, it } from 'vitest'
import { knownPacks, type MockPack, type PackContext, startMockServer } from '../../src/mock/index.js'
import { stubFolder } from './support.js'

/** A tiny pack: counts calls per scenario in its state, echoes its scenario data. */
const counter: MockPack = {
  name: 'counter',
  handle(req, ctx: PackContext) {
    if (!req.path.startsWith('/count')) return undefined
    const n = ((ctx.state.get('n') as number | undefined) ?? 0) + 1
    ctx.state.set('n', n)
    return {
      status: 200,
      headers: { 'X-Base': ctx.baseUrl },
      body: {
        n,
        scenario: ctx.scenario,
        data: ctx.data ?? null,
        now: ctx.now().toISOString(),
        json: req.json ?? null,
      },
    }
  },
}

describe('packs in the server', () => {
  it('tries stubs first, then packs in order, with per-scenario pack state and data', async () => {
    const dir = stubFolder({ 'packs/counter/busy.yaml': 'calendars: [primary]\n' })
    const text: MockPack = {
      name: 'text',
      handle: (req) => (req.path === '/text' ? { status: 202, body: 'plain' } : undefined),
    }
    await using mock = await startMockServer({
      dir,
      packs: [counter, text],
      stubs: [{ id: 'override', request: { path: '/count/stubbed' }, response: { text: 'stub wins' } }],
      now: () => new Date('2026-05-01T00:00:00Z'),
    })
    expect(await (await fetch(`${mock.url}/count/stubbed`)).text()).toBe('stub wins')
    const first = await fetch(`${mock.url}/count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    expect(first.headers.get('x-base')).toBe(mock.url)
    expect(first.headers.get('content-type')).toContain('application/json')
    expect(await first.json()).toEqual({
      n: 1,
      scenario: 'default',
      data: null,
      now: '2026-05-01T00:00:00.000Z',
      json: { a: 1 },
    })
    expect(await (await fetch(`${mock.url}/count`)).json()).toMatchObject({ n: 2 })
    const busy = await fetch(`${mock.url}/__scenario/busy%23t1/count`)
    expect(await busy.json()).toMatchObject({ n: 1, scenario: 'busy#t1', data: { calendars: ['primary'] } })
    const plain = await fetch(`${mock.url}/text`)
    expect([plain.status, plain.headers.get('content-type'), await plain.text()]).toEqual([
      202,
      'text/plain; charset=utf-8',
      'plain',
    ])
    expect(mock.journal.entries().map((e) => e.answeredBy)).toEqual([
      { kind: 'stub', id: 'override' },
      { kind: 'pack', name: 'counter' },
      { kind: 'pack', name: 'counter' },
      { kind: 'pack', name: 'counter' },
      { kind: 'pack', name: 'text' },
    ])
    mock.scenarios.reset()
    expect(await (await fetch(`${mock.url}/count`)).json()).toMatchObject({ n: 1 })
  })

  it('turns a pack that throws into a 500 naming the pack', async () => {
    const broken: MockPack = {
      name: 'broken',
      handle: () => {
        throw new Error('boom')
      },
    }
    await using mock = await startMockServer({ packs: [broken], packData: { broken: { special: {} } } })
    const res = await fetch(`${mock.url}/anything`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'mock pack "broken" failed: boom' })
    expect(mock.scenarios.known()).toContain('special')
  })

  it('resolves registered packs by name', async () => {
    const names = knownPacks()
    await using mock = await startMockServer({ packs: names })
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})
