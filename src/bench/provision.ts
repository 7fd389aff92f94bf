/**
 * `pgtestbed bench provision`: per-test cost of every way to give a test a clean database,
 * measured in one run on one cluster, so the ratios hold on a noisy machine.
 * @module
 */
import { availableParallelism, cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { PgtestbedConfig } from '../config/index.js'
import { databaseUrl } from '../engine/index.js'
import { percentiles } from '../internal/percentiles.js'
import { migrate } from '../migrations/index.js'
import { createTestbed, quoteIdent, templateInputs } from '../pool/index.js'

/** The example project the benchmark provisions (4 migrations, 3 tables, seed data). */
export const BENCH_PROJECT = fileURLToPath(new URL('../../examples/bookings', import.meta.url))

type Figure = { readonly p50: number; readonly p95: number }

export interface ProvisionBenchResult {
  readonly iterations: number
  /** Milliseconds per test database, by method. */
  readonly acquire: Figure
  readonly ready: Figure
  /** The same with a connection the test opens itself (what an app's own pool pays). */
  readonly readyNewConnection: Figure
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
}

/**
 * Measures every method `iterations` times.
 *
 * @example
 * const result = await benchProvision({ iterations: 50 })
 * console.log(result.acquire.p50, result.ratios)
 */
export async function benchProvision(
  options: { iterations?: number; config?: PgtestbedConfig; onProgress?: (what: string) => void } = {},
): Promise<ProvisionBenchResult> {
  const n = options.iterations ?? 50
  const bed = await createTestbed(
    { engine: 'embedded', ...options.config, pool: { size: 2 } },
    { cwd: BENCH_PROJECT },
  )
  const admin = new pg.Client({ connectionString: bed.engine.url })
  await admin.connect()
  try {
    const progress = options.onProgress ?? (() => undefined)
    const acquire: number[] = []
    const ready: number[] = []
    const readyNewConnection: number[] = []
    progress('acquire from the warm pool')
    for (let i = 0; i < 2 * n; i++) {
      // A test takes a while; let the background refill finish, as it would between real tests.
      while (bed.stats().ready < 1) await new Promise((r) => setTimeout(r, 1))
      const t = performance.now()
      const db = await bed.acquire()
      const took = performance.now() - t
      // Alternate: the runner fixtures' path (pre-opened connection) and a connection of one's own.
      const preopened = db.takeConnection()
      const own = i % 2 === 1
      if (own) await preopened?.end()
      const client = own || preopened === undefined ? new pg.Client({ connectionString: db.url }) : preopened
      if (client !== preopened) await client.connect()
      await client.query('SELECT count(*) FROM bookings')
      const total = performance.now() - t
      if (own) readyNewConnection.push(total)
      else {
        acquire.push(took)
        ready.push(total)
      }
      await client.end()
      await db.release()
    }

    const cloneOnce = async (strategy: string): Promise<number> => {
      const name = `${bed.config.prefix}_bench_clone`
      const t = performance.now()
      await admin.query(
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(bed.template)} STRATEGY ${strategy}`,
      )
      const took = performance.now() - t
      await admin.query(`DROP DATABASE ${quoteIdent(name)}`)
      return took
    }
    progress('on-demand clone, FILE_COPY vs WAL_LOG')
    const clone: number[] = []
    const cloneWalLog: number[] = []
    for (let i = 0; i < n; i++) {
      clone.push(await cloneOnce('FILE_COPY'))
      cloneWalLog.push(await cloneOnce('WAL_LOG'))
    }

    progress('fresh database + schema and seed per test')
    const inputs = await templateInputs(bed.config, bed.engine.serverVersionNum)
    const schemaPerTest: number[] = []
    for (let i = 0; i < n; i++) {
      const name = `${bed.config.prefix}_bench_schema`
      const t = performance.now()
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`)
      const client = new pg.Client({ connectionString: databaseUrl(bed.engine.url, name) })
      await client.connect()
      if (inputs.migrations !== undefined) await migrate(client, inputs.migrations, { record: false })
      await client.query('SELECT count(*) FROM bookings')
      schemaPerTest.push(performance.now() - t)
      await client.end()
      await admin.query(`DROP DATABASE ${quoteIdent(name)}`)
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
      clone: percentiles(clone),
      cloneWalLog: percentiles(cloneWalLog),
      schemaPerTest: percentiles(schemaPerTest),
      truncateReseed: percentiles(truncateReseed),
      rollback: percentiles(rollback),
    }
    const ratioTo = (base: number): Record<string, number> =>
      Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round((v.p50 / base) * 100) / 100]))
    const ratios = ratioTo(figures.acquire.p50)
    const ratiosToReady = ratioTo(figures.ready.p50)
    return {
      iterations: n,
      ...figures,
      ratios,
      ratiosToReady,
      machine: {
        cpus: availableParallelism(),
        model: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      server: { engine: bed.engine.kind, version: bed.engine.serverVersion },
    }
  } finally {
    await admin.end()
    await bed.close()
  }
}
