/**
 * Benchmark: a database handed out over HTTP by `pgtestbed serve` (loopback, keep-alive, bearer
 * token) versus an in-process `acquire()` from the same kind of warm pool, in the same run on the
 * same server. Each hand-out is timed only once a warm clone is ready (the wait for the refill is
 * not timed), so the difference is the HTTP round trip and the route. Target: ≤ 1 ms added at p50.
 * Run: npx jiti bench/serve-handout.ts [hand-outs per variant, default 60]
 * @module
 */
import http from 'node:http'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { startEmbedded } from '../src/engine/index.js'
import { percentiles } from '../src/internal/percentiles.js'
import { createTestbed, type Testbed } from '../src/pool/index.js'
import { startServe } from '../src/serve/index.js'

const rounds = Number(process.argv[2] ?? 60)

/** One keep-alive connection, as a test process's HTTP client holds it (Python, Go and Node alike). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

function post(url: string, token: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => {
          body += d.toString()
        })
        res.on('end', () => resolve(JSON.parse(body)))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

async function readyOne(stats: () => { ready: number } | undefined): Promise<void> {
  while ((stats()?.ready ?? 0) < 1) await new Promise((r) => setTimeout(r, 2))
}

const server = await startEmbedded({})
try {
  const base = { engine: 'url' as const, url: server.url, pool: { size: 2 } }
  const bed: Testbed = await createTestbed({ ...base, prefix: 'benchdirect' }, { preconnect: false, env: {} })
  const serve = await startServe({ config: { ...base, prefix: 'benchserve' }, env: {} })
  // The floor on this machine: a plain node:http server answering {} over the same kind of connection.
  const plain = http.createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()))
  const plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}/`
  const direct: number[] = []
  const overHttp: number[] = []
  const floor: number[] = []
  try {
    for (let i = 0; i < rounds + 5; i++) {
      // Alternate the variants so machine noise falls on both alike; the first 5 are warm-up.
      await readyOne(() => bed.stats())
      let t = performance.now()
      const db = await bed.acquire()
      if (i >= 5) direct.push(performance.now() - t)
      await db.release()

      await readyOne(() => serve.testbed.stats())
      t = performance.now()
      const { id } = (await post(`${serve.url}/pgtestbed/v1/databases`, serve.token)) as { id: number }
      if (i >= 5) overHttp.push(performance.now() - t)
      await post(`${serve.url}/pgtestbed/v1/databases/${id}/release`, serve.token)

      t = performance.now()
      await post(plainUrl, '')
      if (i >= 5) floor.push(performance.now() - t)
    }
  } finally {
    agent.destroy()
    plain.close()
    await serve.close()
    await bed.close()
  }
  const d = percentiles(direct)
  const h = percentiles(overHttp)
  console.log(
    `hand-outs from a warm pool, ${rounds} per variant, node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
  )
  console.log('variant                          p50 ms   p95 ms')
  console.log(
    `in-process acquire()           ${d.p50.toFixed(2).padStart(8)} ${d.p95.toFixed(2).padStart(8)}`,
  )
  console.log(
    `pgtestbed serve (HTTP)         ${h.p50.toFixed(2).padStart(8)} ${h.p95.toFixed(2).padStart(8)}`,
  )
  const f = percentiles(floor)
  console.log(
    `plain node:http answering {}   ${f.p50.toFixed(2).padStart(8)} ${f.p95.toFixed(2).padStart(8)}`,
  )
  console.log(`added by HTTP at p50: ${(h.p50 - d.p50).toFixed(2)} ms (target ≤ 1 ms)`)
} finally {
  await server.close()
}
