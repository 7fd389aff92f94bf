/**
 * The lean worker path: a process that only hands out clones of a template another process
 * built (a test runner's global setup, `pgtestbed run`) attaches from a `RunHandoff` — no config
 * file, no template inputs, no engine code — so each test file's process pays for `pg` and the
 * pool, and its pool starts cloning at once.
 * @module
 */
import pg from '../internal/pg.js'
import type { Queryable } from '../internal/queryable.js'
import { isLoopbackUrl } from '../sql/core.js'
import { ClonePool, type LeasedDatabase, newOwnerId, type PoolStats } from './clone-pool.js'
import type { RunHandoff } from './handoff.js'
import { ownerTag } from './naming.js'
import { sendWaitSample } from './outran-report.js'
import { writeWaitSample } from './run-dir.js'

/** A worker's pool, attached from a handoff. */
export interface AttachedRun {
  readonly handoff: RunHandoff
  acquire(): Promise<LeasedDatabase>
  stats(): PoolStats
  /** Drops this process's databases (failed tests' kept ones stay). Safe twice. */
  close(): Promise<void>
}

/** Settings of one process's pool that are not the run's. */
export interface PoolProcessOptions {
  /** Warm clones to keep ready; default the handoff's `pool.size`. */
  readonly size?: number
  readonly preconnect?: boolean
  readonly serverStopsWithProcess?: boolean
  readonly log?: (line: string) => void
  /** Start from the run's spare clones and leave unused ready ones as spares at close. */
  readonly useSpares?: boolean
}

/** The warm pool of one process over the run's template (shared by `createTestbed`). */
export function clonePoolFor(handoff: RunHandoff, tag: string, options: PoolProcessOptions): ClonePool {
  return new ClonePool({
    adminUrl: handoff.url,
    ...(handoff.socketUrl === undefined ? {} : { socketUrl: handoff.socketUrl }),
    template: handoff.template,
    ownerTag: tag,
    size: options.size ?? handoff.pool.size,
    maxDatabases: handoff.pool.maxDatabases,
    strategy: handoff.strategy,
    onFailure: handoff.onFailure,
    acquireTimeoutMs: handoff.pool.acquireTimeoutMs,
    quietAfterAcquireMs: handoff.pool.quietAfterAcquireMs,
    preconnect: options.preconnect ?? true,
    // Perf tracking counts statements per database: a recycled one would count the reset's too.
    recycle: handoff.perf === true ? false : (handoff.pool.recycle ?? false),
    serverStopsWithProcess: options.serverStopsWithProcess ?? false,
    backgroundPriority: isLoopbackUrl(handoff.url) ? 'low' : 'normal',
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.useSpares === true && handoff.spareTag !== undefined ? { spareTag: handoff.spareTag } : {}),
    ...(options.useSpares === true && handoff.runDir !== undefined ? { runDir: handoff.runDir } : {}),
  })
}

/**
 * Attaches to a run another process prepared and starts filling the warm pool: at once when the
 * run has spares (the preparer keeps them and the template alive); otherwise after a connection
 * and one round trip (this process's liveness and template locks). For a
 * runner integration of your own: the preparing process passes `bed.handoff` (JSON) to workers.
 *
 * @example
 * // in the process that prepares the run
 * const bed = await createTestbed(undefined, { poolSize: 0 })
 * spawn('node', ['worker.js'], { env: { ...process.env, MY_HANDOFF: JSON.stringify(bed.handoff) } })
 * // in worker.js
 * const run = await attachRun(JSON.parse(process.env.MY_HANDOFF))
 * const db = await run.acquire()
 * // ... the test against db.url ...
 * await db.release()
 * await run.close()
 */
export async function attachRun(handoff: RunHandoff, options: PoolProcessOptions = {}): Promise<AttachedRun> {
  const tag = ownerTag(handoff.prefix, handoff.runId, newOwnerId())
  const pool = clonePoolFor(handoff, tag, { useSpares: true, ...options })
  let closing: Promise<void> | undefined
  const attached = (close: () => Promise<void>): AttachedRun => ({
    handoff,
    acquire: () => pool.acquire(),
    stats: () => pool.stats(),
    close: () => {
      closing ??= close()
      return closing
    },
  })
  // In the run's directory when it can be written (no round trip), else over the server.
  const sendSample = async (db: Queryable) => {
    const sample = pool.waitSample()
    if (sample.acquired === 0 || (handoff.runDir !== undefined && writeWaitSample(handoff.runDir, sample)))
      return
    await sendWaitSample(db, handoff.runId, sample)
  }
  if (options.useSpares !== false && handoff.spareTag !== undefined) {
    // Its databases live under the run's spare tag, which the run's preparer keeps alive (as it
    // does the template): no liveness of its own, so no connection before the first clone.
    pool.warm()
    return attached(() => pool.close(sendSample))
  }
  const liveness = new pg.Client({ connectionString: handoff.url })
  liveness.on('error', () => undefined)
  try {
    // Only this path needs them: loaded here, not by every test file's process.
    const [{ holdLiveness }, { holdTemplate }] = await Promise.all([
      import('./liveness.js'),
      import('./prune-templates.js'),
    ])
    // The pool's admin connection opens while the locks are taken (both cost a connection).
    const ahead = pool.connectAhead()
    await liveness.connect()
    // Locks first: a clone named after a tag whose lock is not held yet looks dead to a reaper.
    await Promise.all([holdLiveness(liveness, tag), holdTemplate(liveness, handoff.template)])
    await ahead
    pool.warm()
    return attached(async () => {
      await pool.close()
      await sendSample(liveness)
      await liveness.end().catch(() => undefined)
    })
  } catch (err) {
    await pool.close()
    await liveness.end().catch(() => undefined)
    throw err
  }
}
