import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { loadStubDir, MockError, StubValidationError, startMockServer } from '../../src/mock/index.js'
import { stubFolder } from './support.js'

async function startError(options: Parameters<typeof startMockServer>[0]): Promise<MockError> {
  try {
    const mock = await startMockServer(options)
    await mock.close()
  } catch (err) {
    if (err instanceof MockError) return err
    throw err
  }
  throw new Error('expected startMockServer to fail')
}

describe('stub files', () => {
  it('loads JSON and YAML files recursively, with file-level scenarios, faults and pack data', async () => {
    const dir = stubFolder({
      'users.json': JSON.stringify([
        {
          id: 'get-user',
          request: { method: 'GET', path: '/users/:id' },
          response: { json: { id: '{{params.id}}' } },
        },
      ]),
      'slow/calendar.yaml': [
        'scenario: slow-calendar',
        'faults:',
        '  - { kind: latency, ms: 5 }',
        'stubs:',
        '  - id: busy',
        '    request: { method: POST, path: /freeBusy }',
        '    response: { json: { busy: true } }',
      ].join('\n'),
      'single.yml': 'request:\n  path: /single\nresponse:\n  text: one\n',
      'packs/oauth2/expired-token.yaml': 'tokens: { expired: true }\n',
      '__files/ignored.json': 'not a stub file',
    })
    const loaded = loadStubDir(dir)
    expect(loaded.problems).toEqual([])
    expect(loaded.stubs.map((s) => s.id).sort()).toEqual(['busy', 'get-user', 'single'])
    expect([...loaded.scenarios].sort()).toEqual(['expired-token', 'slow-calendar'])
    expect(loaded.packData.get('oauth2')?.get('expired-token')).toEqual({ tokens: { expired: true } })

    await using mock = await startMockServer({ dir })
    expect(await (await fetch(`${mock.url}/users/3`)).json()).toEqual({ id: '3' })
    expect((await fetch(`${mock.url}/freeBusy`, { method: 'POST' })).status).toBe(404)
    const busy = await fetch(`${mock.url}/freeBusy`, {
      method: 'POST',
      headers: { 'x-mock-scenario': 'slow-calendar' },
    })
    expect(await busy.json()).toEqual({ busy: true })
    expect(mock.journal.entries({ scenario: 'slow-calendar' })[0]?.faults).toEqual(['latency'])
    expect(mock.scenarios.known()).toEqual(['default', 'expired-token', 'slow-calendar'])
  })

  it('reports every problem with file, line, column and what is wrong', async () => {
    const dir = stubFolder({
      'a.yaml': [
        'stubs:',
        '  - id: one',
        '    request:',
        '      method: GETT',
        '      path: users',
        '    reponse: { status: 200 }',
        '  - id: two',
        '    request: { path: /x, body: { jsonPath: { path: "items[0]" } } }',
        '    response: { status: 99, json: { at: "{{nope}}" } }',
        '    faults: [{ kind: explode }]',
      ].join('\n'),
      'b.json': '{\n  "request": { "path": "/b" },\n  "response": { "text": "b" },\n}\n',
      'c.yaml': 'stubs:\n  - request: { path: /c }\n    response: { text: [unclosed\n',
    })
    const err = await startError({ dir })
    expect(err).toBeInstanceOf(StubValidationError)
    expect(err.code).toBe('PGT_MOCK_STUBS_INVALID')
    const lines = (err as StubValidationError).problems.map(
      (p) => `${p.file?.slice(dir.length + 1)}:${p.line}:${p.column} ${p.field}: ${p.message}`,
    )
    expect(lines).toMatchInlineSnapshot(`
      [
        "a.yaml:6:5 stubs[0].reponse: unknown field "reponse" (did you mean "response"?); allowed: id, priority, scenario, request, response, responses, repeat, times, state, faults, description",
        "a.yaml:4:7 stubs[0].request.method: unknown method "GETT"; use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT or ANY",
        "a.yaml:5:7 stubs[0].request.path: must be a string starting with "/" (exact, or a template like /users/:id)",
        "a.yaml:2:5 stubs[0]: a stub needs a response (or responses)",
        "a.yaml:8:46 stubs[1].request.body.jsonPath.path: JSONPath "items[0]" must start with "$"",
        "a.yaml:9:17 stubs[1].response.status: must be an HTTP status code from 100 to 599",
        "a.yaml:9:29 stubs[1].response.json: template "{{nope}}": unknown expression "nope" (use method, path, params.X, query.X, headers.X, body.X, form.X, scenario, now, uuid, seq or randomInt)",
        "a.yaml:10:16 stubs[1].faults[0].kind: a fault needs kind: one of latency, rate-limit, server-error, empty-response, malformed-body, connection-reset, partial-body, dribble",
        "b.json:4:1 (syntax): invalid JSON: Expected double-quoted property name",
        "c.yaml:4:1 (syntax): Flow sequence in block collection must be sufficiently indented and end with a ]",
        "c.yaml:4:1 (syntax): Flow map in block collection must be sufficiently indented and end with a }",
      ]
    `)
    expect(err.message).toContain('Failed to load mock stubs')
    expect(err.message).toContain('a.yaml:4:7 stubs[0].request.method')
  })

  it('rejects duplicate stub ids, naming both places', async () => {
    const dir = stubFolder({
      'a.yaml': '- id: same\n  request: { path: /a }\n  response: { text: a }\n',
      'b.yaml':
        '- id: other\n  request: { path: /b }\n  response: { text: b }\n- id: same\n  request: { path: /b2 }\n  response: { text: b }\n',
    })
    const err = (await startError({ dir })) as StubValidationError
    expect(err.problems).toHaveLength(1)
    expect(err.problems[0]).toMatchObject({ line: 4, field: 'id' })
    expect(err.problems[0]?.file).toMatch(/b\.yaml$/)
    expect(err.problems[0]?.message).toMatch(
      /^duplicate stub id "same" \(first defined at .*a\.yaml:1\); ids must be unique$/,
    )
    const code = (await startError({
      stubs: [
        { id: 'x', response: {} },
        { id: 'x', response: {} },
      ],
    })) as StubValidationError
    expect(code.problems[0]?.message).toBe(
      'duplicate stub id "x" (first defined in code); ids must be unique',
    )
  })

  it('names a missing folder, an unknown pack and a port in use', async () => {
    const missing = await startError({ dir: '/nonexistent/mock-stubs' })
    expect(missing.message).toContain(
      '/nonexistent/mock-stubs (folder): cannot read the stub folder (ENOENT)',
    )
    const pack = await startError({ packs: ['no-such-pack'] })
    expect(pack.code).toBe('PGT_MOCK_UNKNOWN_PACK')
    expect(pack.message).toMatch(
      /^Failed to enable mock pack "no-such-pack": no pack has that name\. Use one of: /,
    )
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const inUse = await startError({ port })
      expect(inUse.code).toBe('PGT_PORT_IN_USE')
      expect(inUse.message).toBe(
        `Failed to start the mock server on 127.0.0.1:${port}: the port is already in use. Stop whatever listens there, pick another port (--port N), or use 0 for a free one.`,
      )
    } finally {
      blocker.close()
    }
  })
})
