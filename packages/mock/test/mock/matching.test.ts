import { describe, expect, it } from 'vitest'
import { startMockServer } from '../../src/mock/index.js'

describe('matching', () => {
  it('matches method, exact path, template path and regex path', async () => {
    await using mock = await startMockServer({
      stubs: [
        { id: 'exact', request: { method: 'GET', path: '/health' }, response: { text: 'ok' } },
        {
          id: 'template',
          request: { method: ['GET', 'HEAD'], path: '/users/:id/posts/{postId}' },
          response: { json: { user: '{{params.id}}', post: '{{params.postId}}' } },
        },
        {
          id: 'regex',
          request: { pathMatches: '^/files/(?<name>[a-z]+)\\.txt$' },
          response: { text: 'file {{params.name}}' },
        },
      ],
    })
    expect(await (await fetch(`${mock.url}/health`)).text()).toBe('ok')
    expect(await (await fetch(`${mock.url}/users/7/posts/a%20b`)).json()).toEqual({ user: '7', post: 'a b' })
    expect(await (await fetch(`${mock.url}/files/notes.txt`, { method: 'DELETE' })).text()).toBe('file notes')
    expect((await fetch(`${mock.url}/health`, { method: 'POST' })).status).toBe(404)
    expect((await fetch(`${mock.url}/users/7`)).status).toBe(404)
  })

  it('matches query parameters and headers with equals, contains, matches, absent and present', async () => {
    await using mock = await startMockServer({
      stubs: [
        {
          id: 'search',
          request: {
            path: '/search',
            query: { q: 'cats', page: { matches: '^\\d+$' }, debug: { absent: true } },
            headers: { Authorization: { contains: 'Bearer ' }, 'x-trace': { present: true } },
          },
          response: { text: 'found' },
        },
      ],
    })
    const ok = await fetch(`${mock.url}/search?q=cats&page=2`, {
      headers: { authorization: 'Bearer t', 'x-trace': '1' },
    })
    expect(ok.status).toBe(200)
    const missing = await fetch(`${mock.url}/search?q=cats&page=2&debug=1`, {
      headers: { authorization: 'Bearer t' },
    })
    expect(missing.status).toBe(404)
    const body = (await missing.json()) as { nearest: { id: string; reasons: string[] }[] }
    expect(body.nearest[0]).toEqual({
      id: 'search',
      reasons: ['query debug: expected absent, got "1"', 'header x-trace: missing'],
    })
  })

  it('matches bodies: exact JSON, partial JSON, JSONPath and regex', async () => {
    await using mock = await startMockServer({
      stubs: [
        {
          id: 'exact',
          request: { method: 'POST', path: '/exact', body: { equalsJson: { a: 1, b: [1, 2] } } },
          response: { text: 'exact' },
        },
        {
          id: 'partial',
          request: {
            method: 'POST',
            path: '/partial',
            body: { includesJson: { user: { name: 'ada' }, tags: ['x'] } },
          },
          response: { text: 'partial' },
        },
        {
          id: 'jsonpath',
          request: {
            method: 'POST',
            path: '/jp',
            body: {
              jsonPath: [
                { path: '$.items[*].sku', equals: 'B-2' },
                { path: '$..secret', exists: false },
                { path: "$['meta'].v", matches: '^v\\d$' },
              ],
            },
          },
          response: { text: 'jp' },
        },
        {
          id: 'regex',
          request: { method: 'POST', path: '/form', body: { matches: 'grant_type=refresh_token' } },
          response: { text: 'form' },
        },
        {
          id: 'token',
          request: {
            method: 'POST',
            path: '/token',
            body: {
              form: {
                grant_type: 'refresh_token',
                scope: { contains: 'calendar' },
                client_secret: { present: true },
              },
            },
          },
          response: { json: { access_token: 'new-{{form.refresh_token}}' } },
        },
      ],
    })
    const post = (path: string, body: string, type = 'application/json'): Promise<Response> =>
      fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body })
    expect((await post('/exact', '{"b":[1,2],"a":1}')).status).toBe(200)
    expect((await post('/exact', '{"b":[1,2],"a":1,"c":0}')).status).toBe(404)
    expect((await post('/partial', '{"user":{"name":"ada","age":3},"tags":["y","x"],"z":1}')).status).toBe(
      200,
    )
    expect((await post('/partial', '{"user":{"name":"bob"},"tags":["x"]}')).status).toBe(404)
    expect((await post('/jp', '{"items":[{"sku":"A-1"},{"sku":"B-2"}],"meta":{"v":"v2"}}')).status).toBe(200)
    expect(
      (await post('/jp', '{"items":[{"sku":"B-2"}],"meta":{"v":"v2"},"deep":{"secret":1}}')).status,
    ).toBe(404)
    expect(
      (await post('/form', 'grant_type=refresh_token&refresh_token=x', 'application/x-www-form-urlencoded'))
        .status,
    ).toBe(200)
    const form = 'application/x-www-form-urlencoded'
    const token = await post(
      '/token',
      'grant_type=refresh_token&refresh_token=r1&scope=calendar.readonly&client_secret=s',
      form,
    )
    expect(await token.json()).toEqual({ access_token: 'new-r1' })
    const noSecret = await post('/token', 'grant_type=refresh_token&refresh_token=r1&scope=calendar', form)
    expect(((await noSecret.json()) as { nearest: { reasons: string[] }[] }).nearest[0]?.reasons).toEqual([
      'body form client_secret: missing',
    ])
  })

  it('uses priority, then scenario-specific stubs, then the latest added', async () => {
    await using mock = await startMockServer({
      stubs: [
        { id: 'low', priority: 9, request: { path: '/p' }, response: { text: 'low' } },
        { id: 'first', request: { path: '/p' }, response: { text: 'first' } },
        { id: 'second', request: { path: '/p' }, response: { text: 'second' } },
        {
          id: 'vip',
          priority: 1,
          request: { path: '/p', headers: { 'x-vip': 'yes' } },
          response: { text: 'vip' },
        },
      ],
    })
    expect(await (await fetch(`${mock.url}/p`)).text()).toBe('second')
    expect(await (await fetch(`${mock.url}/p`, { headers: { 'x-vip': 'yes' } })).text()).toBe('vip')
    mock.stubs.add({ id: 'third', request: { path: '/p' }, response: { text: 'third' } })
    expect(await (await fetch(`${mock.url}/p`)).text()).toBe('third')
  })

  it('answers a malformed JSON body with a 400 that says so', async () => {
    await using mock = await startMockServer({
      stubs: [{ request: { method: 'POST', path: '/x' }, response: { text: 'ok' } }],
    })
    const res = await fetch(`${mock.url}/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a": 1,',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'malformed JSON request body' })
    expect(mock.journal.entries()[0]?.answeredBy).toEqual({ kind: 'none', reason: 'malformed-json' })
  })

  it('lists the nearest stubs and why they did not match when nothing matches', async () => {
    await using mock = await startMockServer({
      stubs: [
        {
          id: 'create-user',
          request: { method: 'POST', path: '/users', body: { includesJson: { role: 'admin' } } },
          response: { status: 201 },
        },
        { id: 'get-user', request: { method: 'GET', path: '/users/:id' }, response: { json: {} } },
        { id: 'other', request: { method: 'DELETE', path: '/zzz' }, response: { json: {} } },
      ],
    })
    const res = await fetch(`${mock.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"role":"user"}',
    })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchInlineSnapshot(`
      {
        "error": "no stub matched",
        "hint": "nearest lists the closest stubs and why each did not match.",
        "nearest": [
          {
            "id": "create-user",
            "reasons": [
              "body $.role: expected "admin", got "user"",
            ],
          },
          {
            "id": "get-user",
            "reasons": [
              "method: expected GET, got POST",
              "path: /users does not match /users/:id",
            ],
          },
          {
            "id": "other",
            "reasons": [
              "method: expected DELETE, got POST",
              "path: /users does not match /zzz",
            ],
          },
        ],
        "request": {
          "method": "POST",
          "path": "/users",
          "scenario": "default",
        },
      }
    `)
  })
})
