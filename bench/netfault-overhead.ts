/**
 * What the fault proxy adds to a round trip: `SELECT 1` over `pg` straight to PostgreSQL vs
 * through the proxy with no fault (the fast path) vs with a 0 ms latency fault (every chunk goes
 * through the fault pipeline), in the same run, interleaved in blocks so drift hits all alike.
 *
 *   npx jiti bench/netfault-overhead.ts [iterations]      (DATABASE_URL=… to use a running server)
 */
import pg from 'pg'
import { type StartedEngine, startEmbedded } from '../src/engine/index.js'
import { fault, startFaultProxy } from '../src/netfault/index.js'

const iterations = Number(process.argv[2] ?? 5000)
const block = 100

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

async function main(): Promise<void> {
  const external = process.env['DATABASE_URL']
  const engine: StartedEngine | undefined = external === undefined ? await startEmbedded({}) : undefined
  const url = external ?? engine!.url
  const plain = await startFaultProxy({ target: url })
  const piped = await startFaultProxy({ target: url })
  piped.add(fault.latency({ ms: 0 }), { direction: 'both' })
  const variants = [
    { name: 'direct', url },
    { name: 'proxy, no fault', url: plain.url },
    { name: 'proxy, 0 ms latency fault', url: piped.url },
  ].map((v) => ({ ...v, client: new pg.Client({ connectionString: v.url }), samples: [] as number[] }))
  try {
    for (const v of variants) {
      await v.client.connect()
      for (let i = 0; i < 500; i++) await v.client.query('SELECT 1') // warm-up: JIT, plan cache
    }
    for (let done = 0; done < iterations; done += block) {
      for (const v of variants) {
        for (let i = 0; i < block; i++) {
          const start = process.hrtime.bigint()
          await v.client.query('SELECT 1')
          v.samples.push(Number(process.hrtime.bigint() - start) / 1e6)
        }
      }
    }
    const base = variants[0]!
    const baseSorted = [...base.samples].sort((a, b) => a - b)
    const baseMedian = quantile(baseSorted, 0.5)
    const baseP95 = quantile(baseSorted, 0.95)
    console.log(`SELECT 1 round trips, ${iterations} per variant, node ${process.version}`)
    console.log('variant                      median ms   p95 ms   added median   added p95   ratio')
    for (const v of variants) {
      const sorted = [...v.samples].sort((a, b) => a - b)
      const median = quantile(sorted, 0.5)
      const p95 = quantile(sorted, 0.95)
      console.log(
        `${v.name.padEnd(28)} ${median.toFixed(3).padStart(9)} ${p95.toFixed(3).padStart(8)} ${(median - baseMedian).toFixed(3).padStart(14)} ${(p95 - baseP95).toFixed(3).padStart(11)} ${(median / baseMedian).toFixed(2).padStart(7)}x`,
      )
    }
  } finally {
    for (const v of variants) await v.client.end().catch(() => undefined)
    await plain.close()
    await piped.close()
    await engine?.close()
  }
}

await main()
