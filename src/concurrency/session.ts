/**
 * One session of an interleaving: its own connection, its backend pid, and a way to send one
 * step and watch it finish in the background while the runner moves on.
 * @module
 */
import { performance } from 'node:perf_hooks'
import pg from '../internal/pg.js'

/** How a step's query ended, as seen by the driver. */
export interface QueryOutcome {
  readonly ok: boolean
  readonly tags: readonly string[]
  readonly columns: readonly string[]
  readonly rows: readonly (readonly unknown[])[]
  readonly error: unknown
  /** performance.now() when the driver settled the query. */
  readonly settledAt: number
}

/** A query in flight: `outcome` is set once it settles. */
export interface InFlight {
  readonly promise: Promise<QueryOutcome>
  outcome: QueryOutcome | undefined
}

/** A connected session. */
export interface Session {
  readonly name: string
  readonly client: pg.Client
  readonly pid: number
  /** True while a sent step has not settled. */
  readonly busy: boolean
  /** Resolves once the last sent step settled. */
  idle(): Promise<void>
  /** Sends `sql` as one simple query; the returned handle settles without ever rejecting. */
  send(sql: string): InFlight
  /** Ends the connection; safe to call twice and after the connection broke. */
  close(): Promise<void>
}

/** Opens a session named `name` on `url`. */
export async function openSession(url: string, name: string): Promise<Session> {
  const client = new pg.Client({ connectionString: url, application_name: `pgtestbed:${name}`.slice(0, 63) })
  // A backend we terminate on purpose emits 'error' on the client; the step reports it instead.
  client.on('error', () => undefined)
  let tags: string[] = []
  // The raw command tags ("INSERT 0 1", "ROLLBACK") come from the protocol, including the tags of
  // statements before a failing one in a multi-statement step.
  client.connection.on('commandComplete', (msg: { text: string }) => tags.push(msg.text))
  await client.connect()
  const pidRow = await client.query<{ pid: number }>('select pg_backend_pid() as pid')
  const pid = pidRow.rows[0]!.pid
  let closed = false
  let inFlight = 0
  let last: Promise<unknown> = Promise.resolve()
  return {
    name,
    client,
    pid,
    get busy() {
      return inFlight > 0
    },
    async idle() {
      await last
    },
    send(sql) {
      tags = []
      inFlight++
      const mine = tags
      const flight: InFlight = {
        outcome: undefined,
        promise: client.query({ text: sql, rowMode: 'array' }).then(
          (result: pg.QueryArrayResult | pg.QueryArrayResult[]) => {
            const results = Array.isArray(result) ? result : [result]
            const withRows = results.filter((r) => r.fields.length > 0).at(-1)
            return settle(flight, {
              ok: true,
              tags: [...mine],
              columns: withRows?.fields.map((f) => f.name) ?? [],
              rows: withRows?.rows ?? [],
              error: undefined,
              settledAt: performance.now(),
            })
          },
          (error: unknown) =>
            settle(flight, {
              ok: false,
              tags: [...mine],
              columns: [],
              rows: [],
              error,
              settledAt: performance.now(),
            }),
        ),
      }
      last = flight.promise
      return flight
    },
    async close() {
      if (closed) return
      closed = true
      await client.end().catch(() => undefined)
    },
  }

  function settle(flight: InFlight, outcome: QueryOutcome): QueryOutcome {
    inFlight--
    flight.outcome = outcome
    return outcome
  }
}
