/**
 * Child process for bench/mock-sdk.ts. `mock`: times startMockServer (until listening) over a few
 * start/close cycles, then serves the oauth2 + google-calendar + microsoft-graph packs. `replay <file>`:
 * a plain node:http server answering the mock's recorded answers from a map (the floor: the same
 * bytes, no mock logic). Both time every request on the server side (request parsed → response
 * finished, through node:http's diagnostics channels) and answer the parent over IPC.
 *
 * Usage: spawned by bench/mock-sdk.ts; prints its port on the first line.
 */
import { subscribe } from 'node:diagnostics_channel'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { type MockServerOptions, startMockServer } from '../packages/mock/src/mock/index.js'

/** One recorded answer, keyed by method and URL without the `/__scenario/<id>` prefix. */
export interface Recorded {
  readonly key: string
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

export type ChildMessage = { readonly kind: 'take' } | { readonly kind: 'record'; readonly on: boolean }

export interface TakeReply {
  readonly cpuUs: number
  /** Server-side milliseconds of each request since the last take. */
  readonly requestMs: number[]
  /** Answers of the last recording pass (kept until the next one starts). */
  readonly recorded: Recorded[]
  readonly startup?: { readonly firstMs: number; readonly warmMs: number[] }
}

const keyOf = (method: string, url: string): string => `${method} ${url.replace(/^\/__scenario\/[^/?]+/, '')}`

/** The scenario data the parent's SDK calls are written against. */
function benchOptions(): MockServerOptions {
  const events = Array.from({ length: 20 }, (_, i) => ({
    id: `e${i}`,
    summary: `Meeting ${i}`,
    start: `2026-05-04T${String(6 + (i % 12)).padStart(2, '0')}:00`,
    end: `2026-05-04T${String(6 + (i % 12)).padStart(2, '0')}:30`,
  }))
  const items = Array.from({ length: 20 }, (_, i) => ({
    status: i % 3 === 0 ? 'tentative' : 'busy',
    subject: `Item ${i}`,
    start: `2026-05-04T${String(6 + (i % 12)).padStart(2, '0')}:00:00`,
    end: `2026-05-04T${String(6 + (i % 12)).padStart(2, '0')}:45:00`,
  }))
  return {
    packs: ['oauth2', 'google-calendar', 'microsoft-graph'],
    packData: {
      oauth2: {
        bench: {
          clients: [{ clientId: 'app', clientSecret: 's3cret' }],
          refreshTokens: [
            {
              token: 'r-1',
              clientId: 'app',
              scope: 'Calendars.ReadWrite https://www.googleapis.com/auth/calendar',
            },
          ],
        },
      },
      'google-calendar': {
        bench: {
          primary: 'alice@example.com',
          calendars: {
            'alice@example.com': { timeZone: 'Europe/Berlin', events },
            'bob@example.com': {
              timeZone: 'Europe/Berlin',
              busy: [{ start: '2026-05-04T09:30', end: '2026-05-04T11:00' }],
            },
          },
        },
      },
      'microsoft-graph': {
        bench: {
          me: 'adele@contoso.com',
          users: {
            'adele@contoso.com': { timeZone: 'W. Europe Standard Time', scheduleItems: items },
            'megan@contoso.com': { timeZone: 'UTC', scheduleItems: items.slice(0, 5) },
          },
        },
      },
    },
  }
}

// Server-side time per request: from node:http's "request parsed" to "response finished".
const startedAt = new WeakMap<object, number>()
let requestMs: number[] = []
let recording = false
let recorded: Recorded[] = []
subscribe('http.server.request.start', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse }
  startedAt.set(response, performance.now())
  if (recording) capture(request, response)
})
subscribe('http.server.response.finish', (message) => {
  const t0 = startedAt.get((message as { response: object }).response)
  if (t0 !== undefined) requestMs.push(performance.now() - t0)
})

/** Keeps what this response sends (recording pass only: it wraps writeHead and end). */
function capture(req: IncomingMessage, res: ServerResponse): void {
  let status = 0
  let headers: Record<string, string> = {}
  const writeHead = res.writeHead.bind(res)
  const end = res.end.bind(res)
  res.writeHead = ((code: number, h?: Record<string, string>) => {
    status = code
    headers = { ...(h ?? {}) }
    return writeHead(code, h)
  }) as typeof res.writeHead
  res.end = ((body?: unknown) => {
    recorded.push({
      key: keyOf(req.method ?? 'GET', req.url ?? '/'),
      status,
      headers,
      body: body === undefined ? '' : Buffer.from(body as Buffer).toString('utf8'),
    })
    return end(body as Buffer)
  }) as typeof res.end
}

function replayServer(file: string): ReturnType<typeof createServer> {
  const { answers, from } = JSON.parse(readFileSync(file, 'utf8')) as { answers: Recorded[]; from: string }
  const byKey = new Map<string, { list: Recorded[]; next: number }>()
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    req.resume()
    req.on('end', () => {
      const slot = byKey.get(keyOf(req.method ?? 'GET', req.url ?? '/'))
      if (slot === undefined) {
        res.writeHead(404).end()
        return
      }
      const a = slot.list[slot.next++ % slot.list.length]!
      const body = Buffer.from(a.body)
      res.writeHead(a.status, { ...a.headers, 'content-length': String(body.length) })
      res.end(body)
    })
  })
  server.on('listening', () => {
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    for (const a of answers) {
      const slot = byKey.get(a.key) ?? { list: [], next: 0 }
      // The same bytes the mock sent, but naming this server (discovery's issuer, nextLinks).
      slot.list.push({ ...a, body: a.body.replaceAll(from, origin) })
      byKey.set(a.key, slot)
    }
  })
  return server
}

const kind = process.argv[2]
let startup: TakeReply['startup']
if (kind === 'mock') {
  // Start-up: the first start in a fresh process (packs loaded on first use), then warm cycles.
  let t0 = performance.now()
  const first = await startMockServer(benchOptions())
  const firstMs = performance.now() - t0
  await first.close()
  const warmMs: number[] = []
  for (let i = 0; i < 20; i++) {
    t0 = performance.now()
    const m = await startMockServer(benchOptions())
    warmMs.push(performance.now() - t0)
    await m.close()
  }
  startup = { firstMs, warmMs }
  const mock = await startMockServer(benchOptions())
  process.stdout.write(`${mock.port}\n`)
} else if (kind === 'replay') {
  const server = replayServer(process.argv[3]!)
  server.listen(0, '127.0.0.1', () =>
    process.stdout.write(`${(server.address() as { port: number }).port}\n`),
  )
} else {
  process.stderr.write('usage: mock-sdk-server.ts mock|replay <file>\n')
  process.exit(2)
}

process.on('message', (message: ChildMessage) => {
  if (message.kind === 'record') {
    recording = message.on
    if (message.on) recorded = []
    process.send?.({ cpuUs: 0, requestMs: [], recorded: [] } satisfies TakeReply)
    return
  }
  const { user, system } = process.cpuUsage()
  const reply: TakeReply = { cpuUs: user + system, requestMs, recorded, startup }
  requestMs = []
  process.send?.(reply)
})
process.on('SIGTERM', () => process.exit(0))
