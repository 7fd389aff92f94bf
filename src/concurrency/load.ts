/**
 * Concurrency load: N sessions run a user-given operation over and over for a bounded time (or
 * number of iterations) and the report counts successes, failures by class and retries — to check
 * that an app's retry logic holds up under real contention.
 * @module
 */
import { performance } from 'node:perf_hooks'
import pg from '../internal/pg.js'
import { classifyError } from './classify-error.js'
import { IS_PGLITE_SQL, refusePglite } from './refuse-pglite.js'
import { type RetryOptions, withRetry } from './retry.js'

/** Options of `runLoad`. */
export interface LoadOptions {
  readonly url: string
  /** Concurrent sessions, each with its own connection. */
  readonly sessions: number
  /** The operation; it should run a whole transaction. A failure is rolled back for you. */
  readonly operation: (client: pg.Client, context: { session: number; iteration: number }) => Promise<unknown>
  /** Stop starting new operations after this long (ms). */
  readonly durationMs?: number
  /** Stop each session after this many operations. At least one of the two bounds is required. */
  readonly iterationsPerSession?: number
  /** Retry policy around each operation (`withRetry` options), or `none` to count raw failures. Default `none`. */
  readonly retry?: RetryOptions | 'none'
}

/** What `runLoad` measured. */
export interface LoadReport {
  readonly kind: 'load-report'
  readonly sessions: number
  readonly durationMs: number
  /** Operations started (each counts once, however many retries it took). */
  readonly operations: number
  readonly succeeded: number
  readonly failed: number
  /** Retries made (attempts beyond the first). */
  readonly retries: number
  /** Successful operations per second. */
  readonly throughputPerSecond: number
  /** Operations that failed for good, by error class. */
  readonly failuresByClass: Readonly<Record<string, number>>
  /** Errors that were retried, by error class. */
  readonly retriedByClass: Readonly<Record<string, number>>
}

/**
 * Runs the load and reports. Connections are closed when it ends, even on failure. More than one
 * session on PGlite (the pglite engine) is refused with `PGT_SCENARIO_SETUP`: it has no real
 * concurrency to load.
 *
 * @example
 * const report = await runLoad({
 *   url, sessions: 4, iterationsPerSession: 50, retry: { attempts: 10 },
 *   operation: (c) => transfer(c, 1, 2, 5),
 * })
 * expect(report.failed).toBe(0)
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  if (options.durationMs === undefined && options.iterationsPerSession === undefined) {
    throw new RangeError('runLoad needs a bound: pass durationMs, iterationsPerSession, or both.')
  }
  if (!Number.isInteger(options.sessions) || options.sessions < 1) {
    throw new RangeError(`runLoad needs sessions >= 1, got ${options.sessions}.`)
  }
  const clients: pg.Client[] = []
  const failuresByClass: Record<string, number> = {}
  const retriedByClass: Record<string, number> = {}
  let operations = 0
  let succeeded = 0
  let retries = 0
  const started = performance.now()
  const stopAt = options.durationMs === undefined ? Number.POSITIVE_INFINITY : started + options.durationMs
  const maxIterations = options.iterationsPerSession ?? Number.POSITIVE_INFINITY
  try {
    for (let i = 0; i < options.sessions; i++) {
      const client = new pg.Client({ connectionString: options.url, application_name: `pgtestbed:load-${i}` })
      client.on('error', () => undefined)
      clients.push(client)
    }
    await Promise.all(clients.map((c) => c.connect()))
    if (options.sessions > 1) {
      const { rows } = await clients[0]!.query<{ pglite: boolean }>(`SELECT ${IS_PGLITE_SQL} AS pglite`)
      refusePglite(
        rows[0]?.pglite === true,
        `run a load of ${options.sessions} sessions`,
        'contention and retries',
      )
    }
    await Promise.all(
      clients.map(async (client, session) => {
        for (let iteration = 0; iteration < maxIterations && performance.now() < stopAt; iteration++) {
          operations++
          const attempt = async () => {
            try {
              return await options.operation(client, { session, iteration })
            } catch (err) {
              // Leave the session usable for the next attempt whatever the operation left open.
              await client.query('rollback').catch(() => undefined)
              throw err
            }
          }
          try {
            if (options.retry === undefined || options.retry === 'none') await attempt()
            else {
              const policy = options.retry
              await withRetry(attempt, {
                ...policy,
                onRetry(info) {
                  retries++
                  retriedByClass[info.errorClass] = (retriedByClass[info.errorClass] ?? 0) + 1
                  policy.onRetry?.(info)
                },
              })
            }
            succeeded++
          } catch (err) {
            const cls = classifyError(err).class
            failuresByClass[cls] = (failuresByClass[cls] ?? 0) + 1
            if (cls === 'connection' || cls === 'admin-shutdown') break
          }
        }
      }),
    )
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)))
  }
  const durationMs = performance.now() - started
  return Object.freeze({
    kind: 'load-report',
    sessions: options.sessions,
    durationMs: Math.round(durationMs),
    operations,
    succeeded,
    failed: operations - succeeded,
    retries,
    throughputPerSecond: Math.round((succeeded / Math.max(durationMs, 1)) * 1000 * 10) / 10,
    failuresByClass: Object.freeze(failuresByClass),
    retriedByClass: Object.freeze(retriedByClass),
  })
}
