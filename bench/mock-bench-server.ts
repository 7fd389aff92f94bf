/**
 * Child process for bench/mock-throughput.ts: serves either the mock server with 200 stubs
 * spread over 20 scenarios, or a plain node:http server returning a constant. Prints its port.
 *
 * Usage: npx jiti bench/mock-bench-server.ts mock|plain
 */
import { createServer } from 'node:http'
import { type StubDefinition, startMockServer } from '../packages/mock/src/mock/index.js'

/** 200 stubs: 20 scenarios × 10 template paths, plus shared stubs the requests must skip past. */
export function benchStubs(): StubDefinition[] {
  const stubs: StubDefinition[] = []
  for (let i = 0; i < 200; i++) {
    stubs.push({
      id: `r${i}`,
      scenario: `s${i % 20}`,
      request: { method: 'GET', path: `/api/v1/resource${i}/:id`, headers: { accept: { contains: 'json' } } },
      response: { status: 200, json: { id: '{{params.id}}', resource: i, ok: true } },
    })
  }
  return stubs
}

const kind = process.argv[2]
if (kind === 'mock') {
  const mock = await startMockServer({
    stubs: benchStubs(),
    journalLimit: Number(process.env['JOURNAL_LIMIT'] ?? 1000),
  })
  process.stdout.write(`${mock.port}\n`)
} else if (kind === 'plain') {
  const body = JSON.stringify({ id: '42', resource: 7, ok: true })
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
  })
  server.listen(0, '127.0.0.1', () =>
    process.stdout.write(`${(server.address() as { port: number }).port}\n`),
  )
} else {
  process.stderr.write('usage: mock-bench-server.ts mock|plain\n')
  process.exit(2)
}

// The parent asks for this process's CPU time (user + system, µs) to compute requests per CPU-second.
process.on('message', () => {
  const { user, system } = process.cpuUsage()
  process.send?.(user + system)
})

// Exit normally on SIGTERM so `node --cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0))
