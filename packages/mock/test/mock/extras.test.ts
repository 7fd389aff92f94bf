import { describe, expect, it } from 'vitest'
import '../../src/mock/vitest-setup.js'
import { startMockServer } from '../../src/mock/index.js'

describe('mock extras', () => {
  it('adds toHaveReceived through the vitest setup file', async () => {
    await using mock = await startMockServer({
      stubs: [{ request: { path: '/a' }, response: { text: 'a' } }],
    })
    await fetch(`${mock.url}/a`)
    expect(mock).toHaveReceived({ path: '/a', times: 1 })
    expect(mock).not.toHaveReceived({ path: '/b' })
  })

  it('answers after a fixed or a random delay, and answers HEAD without a body', async () => {
    await using mock = await startMockServer({
      stubs: [
        { request: { path: '/fixed' }, response: { text: 'fixed', delayMs: 5 } },
        { request: { path: '/random' }, response: { text: 'random', delayMs: { min: 1, max: 5 } } },
      ],
    })
    expect(await (await fetch(`${mock.url}/fixed`)).text()).toBe('fixed')
    expect(await (await fetch(`${mock.url}/random`)).text()).toBe('random')
    const head = await fetch(`${mock.url}/fixed`, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, '5', ''])
  })

  it('declares scenarios at run time and resets everything with reset()', async () => {
    await using mock = await startMockServer({
      stubs: [{ id: 'base', request: { path: '/x' }, response: { text: 'x' } }],
    })
    expect((await fetch(`${mock.url}/x`, { headers: { 'x-mock-scenario': 'later' } })).status).toBe(404)
    const declared = await fetch(`${mock.url}/__admin/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ name: 'later' }),
    })
    expect(declared.status).toBe(201)
    expect((await fetch(`${mock.url}/x`, { headers: { 'x-mock-scenario': 'later' } })).status).toBe(200)
    mock.stubs.add({ id: 'extra', request: { path: '/y' }, response: { text: 'y' } })
    mock.scenarios.setFaults('default', [{ kind: 'server-error' }])
    mock.clock.advance(60_000)
    mock.reset()
    expect(mock.stubs.list().map((s) => s.id)).toEqual(['base'])
    expect(mock.journal.count()).toBe(0)
    expect((await fetch(`${mock.url}/x`)).status).toBe(200)
    mock.stubs.add({ id: 'rx', request: { path: /^\/rx\/\d+$/ }, response: { text: 'rx' } })
    expect(await (await fetch(`${mock.url}/rx/12`)).text()).toBe('rx')
    expect(JSON.parse(JSON.stringify(mock.stubs.list().find((s) => s.id === 'rx')))).toMatchObject({
      request: { pathMatches: '^\\/rx\\/\\d+$' },
    })
    expect(() => mock.stubs.remove('nope')).toThrow(
      /Failed to remove mock stub "nope": no stub has that id\. Known ids: (rx, base|base, rx)\./,
    )
    expect(() => mock.scenarios.setFaults('default', [{ kind: 'latency' } as never])).toThrow(
      /faults\[0\]\.ms: must be milliseconds >= 0/,
    )
  })
})
