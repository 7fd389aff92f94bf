/**
 * Mock server throughput on loopback: 200 stubs with scenario matching (x-mock-scenario, template
 * paths, a header matcher, a templated JSON body) against a plain node:http server returning a
 * constant, measured in the same run with the same raw keep-alive client. Each server runs alone
 * in its own process (one core: Node serves on one thread); the client runs in this process.
 *
 * Usage: npx jiti bench/mock-throughput.ts [--seconds 5] [--connections 8] [--rounds 3]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'

const args = new Map<string, string>()
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '')
const SECONDS = Number(args.get('seconds') ?? 5)
const CONNECTIONS = Number(args.get('connections') ?? 8)
const ROUNDS = Number(args.get('rounds') ?? 3)
const WARMUP_MS = 1000

interface LoadResult {
  readonly requests: number
  readonly errors: number
  readonly seconds: number
  readonly latenciesMs: Float64Array
}

/** Requests that hit stubs spread over the list and over scenarios (worst case: late in the list). */
function buildRequests(): Buffer[] {
  const out: Buffer[] = []
  for (let k = 0; k < 50; k++) {
    const i = (k * 37 + 150) % 200
    out.push(
      Buffer.from(
        `GET /api/v1/resource${i}/42 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nx-mock-scenario: s${i % 20}\r\n\r\n`,
      ),
    )
  }
  return out
}

/** A raw HTTP/1.1 keep-alive client: each connection sends one request, waits for the whole response, repeats. */
function runLoad(
  port: number,
  requests: Buffer[],
  connections: number,
  durationMs: number,
): Promise<LoadResult> {
  return new Promise((resolve) => {
    const latencies: number[] = []
    let errors = 0
    let open = connections
    const started = performance.now()
    const deadline = started + durationMs
    for (let c = 0; c < connections; c++) {
      const socket = connect(port, '127.0.0.1')
      socket.setNoDelay(true)
      let buffer: Buffer = Buffer.alloc(0)
      let sentAt = 0
      let n = c
      const send = (): void => {
        sentAt = performance.now()
        socket.write(requests[n++ % requests.length]!)
      }
      socket.on('connect', send)
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n')
          if (end === -1) return
          const head = buffer.subarray(0, end).toString('latin1')
          const m = /content-length:\s*(\d+)/i.exec(head)
          const total = end + 4 + (m === null ? 0 : Number(m[1]))
          if (buffer.length < total) return
          if (!head.startsWith('HTTP/1.1 200')) errors++
          buffer = buffer.subarray(total)
          const now = performance.now()
          latencies.push(now - sentAt)
          if (now < deadline) send()
          else socket.end()
        }
      })
      socket.on('error', () => {
        errors++
      })
      socket.on('close', () => {
        if (--open === 0) {
          resolve({
            requests: latencies.length,
            errors,
            seconds: (performance.now() - started) / 1000,
            latenciesMs: Float64Array.from(latencies).sort(),
          })
        }
      })
    }
  })
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

async function startChild(kind: 'mock' | 'plain'): Promise<{ child: ChildProcess; port: number }> {
  const jiti = createRequire(import.meta.url)
    .resolve('jiti/package.json')
    .replace(/package\.json$/, 'lib/jiti-cli.mjs')
  const script = fileURLToPath(new URL('./mock-bench-server.ts', import.meta.url))
  const child = spawn(process.execPath, [jiti, script, kind], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c) => {
      out += c
      const line = out.split('\n')[0]
      if (out.includes('\n') && line !== undefined) resolve(Number(line))
    })
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)))
  })
  return { child, port }
}

/** The server's CPU time so far, in seconds (asked over IPC). */
function cpuSeconds(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (us) => resolve(Number(us) / 1e6))
    child.send('cpu')
  })
}

interface Measured {
  rps: number[]
  perCpuSecond: number[]
  p50: number[]
  p99: number[]
  errors: number
}

async function measure(kind: 'mock' | 'plain'): Promise<Measured> {
  const { child, port } = await startChild(kind)
  const requests = buildRequests()
  const out: Measured = { rps: [], perCpuSecond: [], p50: [], p99: [], errors: 0 }
  try {
    await runLoad(port, requests, CONNECTIONS, WARMUP_MS)
    for (let r = 0; r < ROUNDS; r++) {
      const cpuBefore = await cpuSeconds(child)
      const result = await runLoad(port, requests, CONNECTIONS, SECONDS * 1000)
      const cpuAfter = await cpuSeconds(child)
      out.perCpuSecond.push(result.requests / (cpuAfter - cpuBefore))
      out.rps.push(result.requests / result.seconds)
      out.p50.push(percentile(result.latenciesMs, 50))
      out.p99.push(percentile(result.latenciesMs, 99))
      out.errors += result.errors
    }
  } finally {
    child.kill('SIGTERM')
  }
  return out
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

console.log(
  `mock throughput: ${CONNECTIONS} keep-alive connections, ${ROUNDS} rounds × ${SECONDS}s after ${WARMUP_MS / 1000}s warm-up, loopback`,
)
const plain = await measure('plain')
const mock = await measure('mock')
const rows = [
  ['plain node:http constant', plain],
  ['mock, 200 stubs + scenarios', mock],
] as const
console.log('| server | req/s wall clock | req per server CPU-second | p50 latency | p99 latency | non-200 |')
console.log('|---|---|---|---|---|---|')
for (const [name, m] of rows) {
  console.log(
    `| ${name} | ${fmt(median(m.rps))} | ${fmt(median(m.perCpuSecond))} | ${fmt(median(m.p50), 2)} ms | ${fmt(median(m.p99), 2)} ms | ${m.errors} |`,
  )
}
console.log(
  `mock / plain: wall-clock throughput ${fmt(median(mock.rps) / median(plain.rps), 2)}×, per CPU-second ${fmt(median(mock.perCpuSecond) / median(plain.perCpuSecond), 2)}×`,
)
console.log(
  `targets: mock ≥ 10,000 req/s on one core → ${fmt(median(mock.perCpuSecond))} per CPU-second, ${fmt(median(mock.rps))} wall clock; p99 < 5 ms → ${fmt(median(mock.p99), 2)} ms`,
)
console.log(
  `rounds req/s: plain ${plain.rps.map((v) => fmt(v)).join(', ')}; mock ${mock.rps.map((v) => fmt(v)).join(', ')}`,
)
