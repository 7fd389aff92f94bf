/**
 * What runner integrations hand a test: a fresh database with its URL and a ready-to-use query
 * function (on the warm pool's warmed connection), released after the test.
 * @module
 */
import type pg from '../../internal/pg.js'
import { attachRun } from '../../pool/attach-run.js'
import type { LeasedDatabase } from '../../pool/clone-pool.js'
import { handoffFromEnv, type RunHandoff } from '../../pool/handoff.js'

/** The `db` a test receives. */
export interface TestDb {
  readonly url: string
  readonly name: string
  /** Runs a query on the connection the warm pool opened and warmed (closed after the test). */
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>
  /** A new connected `pg.Client`, ended after the test. */
  connect(): Promise<pg.Client>
}

/** The pool a test process hands databases out from. */
interface WorkerPool {
  /** The run's handoff (its `perf` says whether the config switched tracking on). */
  readonly handoff: RunHandoff
  acquire(): Promise<LeasedDatabase>
  close(): Promise<void>
}

let testbed: Promise<WorkerPool> | undefined

/**
 * The process's pool: attached from the run's handoff (global setup's `inject`, or
 * `PGTESTBED_HANDOFF` from `pgtestbed run`) on the lean path, which loads only `pg` and the
 * pool; else attached to PGTESTBED_URL, else started from the config file (a cluster of its own).
 */
export function workerTestbed(handoff?: RunHandoff): Promise<WorkerPool> {
  testbed ??= (async () => {
    const given = handoff ?? handoffFromEnv()
    if (given !== undefined) return attachRun(given)
    // Without a handoff: the whole library (config file, template inputs, maybe an engine).
    const { createTestbed } = await import('../../pool/testbed.js')
    const url = process.env['PGTESTBED_URL']
    const runId = process.env['PGTESTBED_RUN_ID']
    return url !== undefined && runId !== undefined
      ? createTestbed(undefined, { attach: { url, runId } })
      : createTestbed()
  })()
  return testbed
}

/** Closes the process's testbed (drops its databases). */
export async function closeWorkerTestbed(): Promise<void> {
  const bed = testbed
  testbed = undefined
  await (await bed)?.close()
}

/**
 * Wraps an acquired database for a test; `finish` ends connections and releases it. A passing
 * test that only ran queries through `db.query` (never read `db.url` or `db.name`, never called
 * `db.connect()`) gives its connection back with the database: nothing else can have reached
 * it, so a recycling pool (`pool.recycle`) resets the database through that same session.
 */
export function wrapDatabase(db: LeasedDatabase): {
  db: TestDb
  finish(outcome: 'passed' | 'failed'): Promise<void>
} {
  const opened: Promise<pg.Client>[] = []
  let exposed = false
  const open = (): Promise<pg.Client> => {
    const connecting = db.connect()
    opened.push(connecting)
    return connecting
  }
  // The warm pool's connection, already open and warmed (or still warming: no slower than a
  // new one); a new connection only when there is none or it failed.
  const warmed = db.takeConnection()
  if (warmed !== undefined) opened.push(warmed)
  let shared: Promise<pg.Client> | undefined = warmed?.catch(() => open())
  return {
    db: {
      get url() {
        exposed = true
        return db.url
      },
      get name() {
        exposed = true
        return db.name
      },
      connect() {
        exposed = true
        return open()
      },
      async query(text, params) {
        shared ??= open()
        return (await shared).query(text, params as unknown[])
      },
    },
    async finish(outcome) {
      const session = outcome === 'passed' && !exposed ? await shared?.catch(() => undefined) : undefined
      await Promise.allSettled(
        opened.map(async (c) => {
          const client = await c
          if (client !== session) await client.end()
        }),
      )
      await db.release(session === undefined ? { outcome } : { outcome, session })
    },
  }
}
