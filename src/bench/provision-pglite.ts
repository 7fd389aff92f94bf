/**
 * The pglite engine's per-test cost, for `bench provision`: the same project and the same
 * "ready" path as the embedded engine (acquire + warmed connection + first query), plus the
 * on-demand clone, measured in the same run so the ratios hold.
 * @module
 */
import type { PgtestbedConfig } from '../config/index.js'
import { percentiles } from '../internal/percentiles.js'
import pg from '../internal/pg.js'
import { createTestbed } from '../pool/index.js'
import { createDatabase, dropDatabase } from '../sql/index.js'

type Figure = { readonly p50: number; readonly p95: number }

/** What the pglite engine costs per test. */
export interface PgliteProvisionFigures {
  readonly iterations: number
  /** Engine start + template build (ms, once per run). */
  readonly startMs: number
  /** Acquire + warmed connection + first query, tests taking `testMs` (as the embedded `ready`). */
  readonly ready: Figure
  /** CREATE DATABASE … TEMPLATE (a new PGlite instance from the template's) + DROP excluded. */
  readonly clone: Figure
}

/**
 * Measures the pglite engine `iterations` times on the project in `cwd`.
 *
 * @example
 * const figures = await benchPglite({ iterations: 10, testMs: 25, cwd: BENCH_PROJECT })
 */
export async function benchPglite(options: {
  iterations: number
  testMs: number
  cwd: string
  config?: PgtestbedConfig
}): Promise<PgliteProvisionFigures> {
  const started = performance.now()
  const bed = await createTestbed(
    { ...options.config, engine: 'pglite', pool: { ...options.config?.pool, size: 2 } },
    { cwd: options.cwd },
  )
  const startMs = performance.now() - started
  const admin = new pg.Client({ connectionString: bed.engine.url })
  try {
    await admin.connect()
    const ready: number[] = []
    for (let i = 0; i < options.iterations; i++) {
      const t = performance.now()
      const db = await bed.acquire()
      const handed = await db.takeConnection()?.catch(() => undefined)
      const client = handed ?? new pg.Client({ connectionString: db.url })
      if (handed === undefined) await client.connect()
      await client.query('SELECT count(*) FROM bookings')
      ready.push(performance.now() - t)
      await new Promise((r) => setTimeout(r, options.testMs)) // the test itself
      await client.end()
      await db.release()
    }
    const clone: number[] = []
    const name = `${bed.config.prefix}_bench_pglite`
    for (let i = 0; i < options.iterations; i++) {
      const t = performance.now()
      await createDatabase(admin, name, { template: bed.template, strategy: 'file_copy' })
      clone.push(performance.now() - t)
      await dropDatabase(admin, name, { ifExists: false, force: false })
    }
    return { iterations: options.iterations, startMs, ready: percentiles(ready), clone: percentiles(clone) }
  } finally {
    await admin.end().catch(() => undefined)
    await bed.close()
  }
}
