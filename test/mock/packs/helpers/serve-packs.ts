/**
 * A tiny `node:http` adapter that serves provider packs over real sockets, with per-scenario per-pack state,
 * in-memory scenario data and an injectable clock. It stands in for the mock server core so the packs can be
 * driven by official SDKs over real HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MockPack, MockRequest, MockResponse, PackContext } from '../../../../src/mock/pack.js'
import { PACKS } from '../../../../src/mock/packs/index.js'
import { forgetServerTokens } from '../../../../src/mock/packs/shared/token-registry.js'

export interface PackServer {
  readonly url: string
  /** Requests seen, in order: `METHOD path status`. */
  readonly seen: string[]
  /** Sets the scenario data of one pack. */
  setData(pack: string, scenario: string, data: unknown): void
  /** Moves the server clock. */
  advance(ms: number): void
  close(): Promise<void>
}

export async function servePacks(options: {
  readonly packs: readonly string[]
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  readonly now?: Date
}): Promise<PackServer> {
  const packs: MockPack[] = []
  for (const name of options.packs) {
    const factory = PACKS[name]
    if (factory === undefined) throw new Error(`unknown pack ${name}`)
    packs.push(await factory())
  }
  const data = new Map<string, unknown>()
  for (const [pack, byScenario] of Object.entries(options.data ?? {})) {
    for (const [scenario, value] of Object.entries(byScenario)) data.set(`${pack}/${scenario}`, value)
  }
  const states = new Map<string, Map<string, unknown>>()
  let offset = 0
  const clockStart = options.now?.getTime()
  const clock = () => (clockStart ?? Date.now()) + offset
  const seen: string[] = []
  let baseUrl = ''

  const server = createServer((req, res) => {
    void respond(req, res).catch((err: unknown) => {
      res.statusCode = 500
      res.end(String(err))
    })
  })

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', baseUrl)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
    let json: unknown
    try {
      json = rawBody.length > 0 ? JSON.parse(rawBody) : undefined
    } catch {
      json = undefined
    }
    const scenario = headers['x-mock-scenario'] ?? 'default'
    const mockReq: MockRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      rawBody,
      json,
      scenario,
    }
    let answer: MockResponse | undefined
    for (const pack of packs) {
      const key = `${pack.name}/${scenario}`
      let state = states.get(key)
      if (state === undefined) {
        state = new Map()
        states.set(key, state)
      }
      const ctx: PackContext = { scenario, state, data: data.get(key), now: () => new Date(clock()), baseUrl }
      answer = await pack.handle(mockReq, ctx)
      if (answer !== undefined) break
    }
    answer ??= { status: 404, body: { error: `no pack answered ${mockReq.method} ${mockReq.path}` } }
    seen.push(`${mockReq.method} ${mockReq.path} ${answer.status}`)
    const outHeaders: Record<string, string> = { ...answer.headers }
    let body = ''
    if (typeof answer.body === 'string') body = answer.body
    else if (answer.body !== undefined) {
      body = JSON.stringify(answer.body)
      outHeaders['content-type'] ??= 'application/json; charset=utf-8'
    }
    res.writeHead(answer.status, outHeaders)
    res.end(body)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let closed = false
  return {
    url: baseUrl,
    seen,
    setData: (pack, scenario, value) => {
      data.set(`${pack}/${scenario}`, value)
    },
    advance: (ms) => {
      offset += ms
    },
    close: async () => {
      if (closed) return
      closed = true
      forgetServerTokens(baseUrl)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
