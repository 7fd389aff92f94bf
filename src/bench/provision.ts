/**
 * `pgtestbed bench provision`: per-test cost of every way to give a test a clean database,
 * measured in one run on one cluster, so the ratios hold on a noisy machine.
 * @module
 */
import { availableParallelism, cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { PgtestbedConfig } from '../config/index.js'
import { databaseUrl } from '../engine/index.js'
import { percentiles } from '../internal/percentiles.js'
import pg from '../internal/pg.js'
import { createTestbed, templateInputs } from '../pool/index.js'
import { applyMigrations, type CloneStrategy, createDatabase, dropDatabase } from '../sql/index.js'
import { benchPglite, type PgliteProvisionFigures } from './provision-pglite.js'

/** The example project the benchmark provisions (4 migrations, 3 tables, seed data). */
export const BENCH_PROJECT = fileURLToPath(new URL('../../examples/bookings', import.meta.url))

type Figure = { readonly p50: number; readonly p95: number }

export interface ProvisionBenchResult {
  readonly iterations: number
  /** How long each simulated test takes in the figures below (longer than a clone). */
  readonly testMs: number
  /** Milliseconds per test database, by method. */
  readonly acquire: Figure
  /** Acquire + the warm pool's connection (already open and warmed) + the test's first query. */
  readonly ready: Figure
  /** Acquire + a connection the test opens itself + its first query (what an app's own pool pays). */
  readonly readyNewConnection: Figure
  /** `ready` when tests take 0 ms (back to back: the pool has no time to refill or warm). */
  readonly readyTests0ms: Figure
  /** `acquire` when tests take 0 ms, with warm connections (as `readyTests0ms`) … */
  readonly acquireTests0ms: Figure
  /** … and without them (`preconnect: false`), interleaved: warming must not slow acquire. */
  readonly acquireTests0msNoPreconnect: Figure
  /**
   * The same query again on the same connection: one round trip on a busy connection, the floor
   * under `ready` on this machine (what is left of `ready` above it is provisioning).
   */
  readonly queryAgain: Figure
  /** Share of `ready` tests that got a connection already warmed at acquire, per setting. */
  readonly warmAtAcquire: { readonly tests: number; readonly tests0ms: number }
  readonly clone: Figure
  readonly cloneWalLog: Figure
  readonly schemaPerTest: Figure
  readonly truncateReseed: Figure
  readonly rollback: Figure
  /** How many times each method's p50 is pgtestbed's warm-pool acquire p50. */
  readonly ratios: Readonly<Record<string, number>>
  /** The same against a ready pgtestbed database (acquire + connection + first query): per-test cost compared like for like. */
  readonly ratiosToReady: Readonly<Record<string, number>>
  readonly machine: {
    readonly cpus: number
    readonly model: string
    readonly memoryGiB: number
    readonly node: string
  }
  readonly server: { readonly engine: string; readonly version: string }
  /**
   * The pglite engine on the same project in the same run, with its p50s relative to the
   * embedded engine's (`readyRatio`: its ready / embedded ready; `cloneRatio`: clone / clone);
   * or why it was not measured.
   */
  readonly pglite:
    | (PgliteProvisionFigures & { readonly readyRatio: number; readonly cloneRatio: number })
    | { readonly skipped: string }
}

/**
 * Measures every method `iterations` times.
 *
 * @example
 * const result = await benchProvision({ iterations: 50 })
 * console.log(result.acquire.p50, result.ratios)
 */
export async function benchProvision(
  options: {
    iterations?: number
    /** Simulated test duration for `acquire`/`ready`; default 25 ms (longer than a clone here). */
    testMs?: number
    config?: PgtestbedConfig
    onProgress?: (what: string) => void
    /** Iterations of the pglite engine (about a second each); default min(iterations, 10); 0: skip it. */
    pgliteIterations?: number
  } = {},
): Promise<ProvisionBenchResult> {
  const n = options.iterations ?? 50
  const testMs = options.testMs ?? 25
  const bed = await createTestbed(
    { engine: 'embedded', ...options.config, pool: { ...options.config?.pool, size: 2 } },
    { cwd: BENCH_PROJECT },
  )
  const admin = new pg.Client({ connectionString: bed.engine.url })
  await admin.connect()
  try {
    const progress = options.onProgress ?? (() => undefined)
    const acquire: number[] = []
    const ready: number[] = []
    const readyNewConnection: number[] = []
    const queryAgain: number[] = []
    let warm = 0
    progress(`ready databases from the warm pool (tests take ${testMs} ms)`)
    for (let i = 0; i < 2 * n; i++) {
      const own = i % 2 === 1
      const wasWarm = bed.stats().connected > 0
      const t = performance.now()
      const db = await bed.acquire()
      const took = performance.now() - t
      // Alternate: the runner integrations' path (the warmed connection handed over) and a
      // connection the test opens itself (an app's own pool): two different paths.
      const handed = db.takeConnection()
      let client: pg.Client
      if (own || handed === undefined) {
        void handed?.then((c) => c.end()).catch(() => undefined)
        client = new pg.Client({ connectionString: db.url })
        await client.connect()
      } else client = await handed
      await client.query('SELECT count(*) FROM bookings')
      const total = performance.now() - t
      if (own) readyNewConnection.push(total)
      else {
        acquire.push(took)
        ready.push(total)
        if (wasWarm) warm++
        const again = performance.now()
        await client.query('SELECT count(*) FROM bookings')
        queryAgain.push(performance.now() - again)
      }
      await sleep(testMs) // the test itself
      await client.end()
      await db.release()
    }

    progress('ready databases when tests take 0 ms, with and without warmed connections')
    const cold = await createTestbed(
      { engine: 'url', url: bed.engine.url, prefix: bed.config.prefix, pool: { size: 2 } },
      { cwd: BENCH_PROJECT, preconnect: false },
    )
    const readyTests0ms: number[] = []
    const acquireTests0ms: number[] = []
    const acquireTests0msNoPreconnect: number[] = []
    let warm0 = 0
    try {
      // Interleaved in blocks; before each block the other pool is idle, so neither loads the other's.
      for (let block = 0; block < Math.ceil(n / 10); block++) {
        for (const [which, b] of [
          ['warm', bed],
          ['cold', cold],
        ] as const) {
          const other = b === bed ? cold : bed
          while (other.stats().creating > 0 || other.stats().dropping > 0) await sleep(1)
          for (let i = 0; i < 10 && i + block * 10 < n; i++) {
            const wasWarm = b.stats().connected > 0
            const t = performance.now()
            const db = await b.acquire()
            const took = performance.now() - t
            const handed = await db.takeConnection()?.catch(() => undefined)
            const client = handed ?? new pg.Client({ connectionString: db.url })
            if (handed === undefined) await client.connect()
            await client.query('SELECT count(*) FROM bookings')
            const total = performance.now() - t
            if (which === 'warm') {
              acquireTests0ms.push(took)
              readyTests0ms.push(total)
              if (wasWarm) warm0++
            } else acquireTests0msNoPreconnect.push(took)
            await client.end()
            await db.release()
          }
        }
      }
    } finally {
      await cold.close()
    }

    const cloneOnce = async (strategy: CloneStrategy): Promise<number> => {
      const name = `${bed.config.prefix}_bench_clone`
      const t = performance.now()
      await createDatabase(admin, name, { template: bed.template, strategy })
      const took = performance.now() - t
      await dropDatabase(admin, name, { ifExists: false, force: false })
      return took
    }
    progress('on-demand clone, FILE_COPY vs WAL_LOG')
    const clone: number[] = []
    const cloneWalLog: number[] = []
    for (let i = 0; i < n; i++) {
      clone.push(await cloneOnce('file_copy'))
      cloneWalLog.push(await cloneOnce('wal_log'))
    }

    progress('fresh database + schema and seed per test')
    const inputs = await templateInputs(bed.config, bed.engine.serverVersionNum)
    const schemaPerTest: number[] = []
    for (let i = 0; i < n; i++) {
      const name = `${bed.config.prefix}_bench_schema`
      const t = performance.now()
      await createDatabase(admin, name, { template: 'template0' })
      const client = new pg.Client({ connectionString: databaseUrl(bed.engine.url, name) })
      await client.connect()
      if (inputs.migrations !== undefined) await applyMigrations(client, inputs.migrations)
      await client.query('SELECT count(*) FROM bookings')
      schemaPerTest.push(performance.now() - t)
      await client.end()
      await dropDatabase(admin, name, { ifExists: false, force: false })
    }

    progress('TRUNCATE all + reseed, and BEGIN/ROLLBACK, in one shared database')
    const shared = await bed.acquire()
    const client = new pg.Client({ connectionString: shared.url })
    await client.connect()
    // The example's last migration is its seed data, sent as one script (what `psql -f` does).
    const seed = inputs.migrations?.migrations.at(-1)?.up.sql ?? ''
    const truncateReseed: number[] = []
    const rollback: number[] = []
    for (let i = 0; i < n; i++) {
      const t = performance.now()
      await client.query('TRUNCATE bookings, rooms, users RESTART IDENTITY CASCADE')
      await client.query(seed)
      truncateReseed.push(performance.now() - t)
      const r = performance.now()
      await client.query('BEGIN')
      await client.query('ROLLBACK')
      rollback.push(performance.now() - r)
    }
    await client.end()
    await shared.release()

    const figures = {
      acquire: percentiles(acquire),
      ready: percentiles(ready),
      readyNewConnection: percentiles(readyNewConnection),
      readyTests0ms: percentiles(readyTests0ms),
      queryAgain: percentiles(queryAgain),
      acquireTests0ms: percentiles(acquireTests0ms),
      acquireTests0msNoPreconnect: percentiles(acquireTests0msNoPreconnect),
      clone: percentiles(clone),
      cloneWalLog: percentiles(cloneWalLog),
      schemaPerTest: percentiles(schemaPerTest),
      truncateReseed: percentiles(truncateReseed),
      rollback: percentiles(rollback),
    }
    const pglite = await measurePglite(
      options.pgliteIterations ?? Math.min(n, 10),
      testMs,
      progress,
      options.config,
    )
    const ratioTo = (base: number): Record<string, number> =>
      Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round((v.p50 / base) * 100) / 100]))
    const ratios = ratioTo(figures.acquire.p50)
    const ratiosToReady = ratioTo(figures.ready.p50)
    return {
      iterations: n,
      testMs,
      ...figures,
      warmAtAcquire: {
        tests: Math.round((warm / Math.max(1, ready.length)) * 100) / 100,
        tests0ms: Math.round((warm0 / Math.max(1, readyTests0ms.length)) * 100) / 100,
      },
      ratios,
      ratiosToReady,
      machine: {
        cpus: availableParallelism(),
        model: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      server: { engine: bed.engine.kind, version: bed.engine.serverVersion },
      pglite:
        'skipped' in pglite
          ? pglite
          : {
              ...pglite,
              readyRatio: Math.round((pglite.ready.p50 / figures.ready.p50) * 10) / 10,
              cloneRatio: Math.round((pglite.clone.p50 / figures.clone.p50) * 10) / 10,
            },
    }
  } finally {
    await admin.end()
    await bed.close()
  }
}

async function measurePglite(
  iterations: number,
  testMs: number,
  progress: (what: string) => void,
  config: PgtestbedConfig | undefined,
): Promise<PgliteProvisionFigures | { skipped: string }> {
  if (iterations === 0) return { skipped: 'not asked for (--pglite-iterations 0)' }
  const { pgliteInstalled, PGLITE_PACKAGES } = await import('../engine/pglite/index.js')
  if (!(await pgliteInstalled()))
    return { skipped: `not installed (npm install -D ${PGLITE_PACKAGES.join(' ')})` }
  progress(`the pglite engine: ready databases and on-demand clones (${iterations} each)`)
  return benchPglite({ iterations, testMs, cwd: BENCH_PROJECT, ...(config === undefined ? {} : { config }) })
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
