/**
 * The run's handoff: what the process that prepared a run (a runner's global setup, `pgtestbed
 * run`) passes to the processes that hand out its databases. Plain data, no imports: read by
 * code that must stay light.
 * @module
 */

/** Everything a worker needs to clone the run's template; JSON, passed by inject or env. */
export interface RunHandoff {
  /** The server's admin URL (it carries the password: pass it only to the run's own processes). */
  readonly url: string
  /** The same over the embedded cluster's owner-only socket (see `StartedEngine.socketUrl`). */
  readonly socketUrl?: string
  readonly runId: string
  readonly prefix: string
  readonly template: string
  /** Owner tag of the run's spare clones (see `spares.ts`); absent: no spares. */
  readonly spareTag?: string
  /** The run's private directory on this machine (see `run-dir.ts`); absent: notes go over the server. */
  readonly runDir?: string
  readonly strategy: 'file_copy' | 'wal_log' | 'default'
  readonly onFailure: 'keep' | 'drop'
  /** The config's `perf` (tracking on unless PGTESTBED_PERF says otherwise). */
  readonly perf?: boolean
  readonly pool: {
    readonly size: number
    readonly maxDatabases: number
    readonly acquireTimeoutMs: number
    readonly quietAfterAcquireMs: number
    /** `pool.recycle`; absent (an older handoff): off. */
    readonly recycle?: boolean | 'in-place'
  }
}

/** The environment variable that carries a `RunHandoff` (JSON) to a run's processes. */
export const HANDOFF_ENV = 'PGTESTBED_HANDOFF'

/** The handoff in `env` (`PGTESTBED_HANDOFF`), or undefined when absent or not one. */
export function handoffFromEnv(env: NodeJS.ProcessEnv = process.env): RunHandoff | undefined {
  const text = env[HANDOFF_ENV]
  if (text === undefined || text === '') return undefined
  try {
    const h = JSON.parse(text) as Partial<RunHandoff>
    const complete =
      typeof h.url === 'string' &&
      typeof h.runId === 'string' &&
      typeof h.prefix === 'string' &&
      typeof h.template === 'string' &&
      typeof h.pool === 'object' &&
      h.pool !== null
    return complete ? (h as RunHandoff) : undefined
  } catch {
    return undefined
  }
}
