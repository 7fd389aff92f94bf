/**
 * What runner integrations hand a test: a fresh database with its URL and a ready-to-use query
 * function (on the warm pool's warmed connection), released after the test.
 * @module
 */
import pg from 'pg'
import { createTestbed, type LeasedDatabase, type Testbed } from '../../pool/index.js'

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

/** Where a worker process finds the server prepared by the run's global setup. */
export interface AttachInfo {
  readonly url: string
  readonly runId: string
}

let testbed: Promise<Testbed> | undefined

/**
 * The process's testbed: attached to `info` (global setup or `pgtestbed run`), else to
 * PGTESTBED_URL, else started from the config file (a cluster of its own).
 */
export function workerTestbed(info?: AttachInfo): Promise<Testbed> {
  testbed ??= (() => {
    const url = info?.url ?? process.env['PGTESTBED_URL']
    const runId = info?.runId ?? process.env['PGTESTBED_RUN_ID']
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

/** Wraps an acquired database for a test; `finish` ends connections and releases it. */
export function wrapDatabase(db: LeasedDatabase): {
  db: TestDb
  finish(outcome: 'passed' | 'failed'): Promise<void>
} {
  const opened: Promise<pg.Client>[] = []
  const connect = (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: db.url })
    client.on('error', () => undefined)
    const connecting = client.connect().then(() => client)
    opened.push(connecting)
    return connecting
  }
  // The warm pool's connection, already open and warmed (or still warming: no slower than a
  // new one); a new connection only when there is none or it failed.
  const warmed = db.takeConnection()
  if (warmed !== undefined) opened.push(warmed)
  let shared: Promise<pg.Client> | undefined = warmed?.catch(() => connect())
  return {
    db: {
      url: db.url,
      name: db.name,
      connect,
      async query(text, params) {
        shared ??= connect()
        return (await shared).query(text, params as unknown[])
      },
    },
    async finish(outcome) {
      await Promise.allSettled(opened.map(async (c) => (await c).end()))
      await db.release({ outcome })
    },
  }
}
