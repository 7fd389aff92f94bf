/**
 * The library's front door: start (or attach to) the engine, build the template, keep a warm
 * pool of clones, hand one out per test.
 * @module
 */
import { type PgtestbedConfig, type ResolvedConfig, resolveConfig } from '../config/index.js'
import { type StartedEmbedded, type StartedEngine, startEngine } from '../engine/index.js'
import pg from '../internal/pg.js'
import { clonePoolFor } from './attach-run.js'
import { ensureTemplate } from './build-template.js'
import { type ClonePool, type LeasedDatabase, newOwnerId, type PoolStats } from './clone-pool.js'
import type { RunHandoff } from './handoff.js'
import { holdLiveness, holdSharedLiveness } from './liveness.js'
import { ownerTag, spareTag, templateName } from './naming.js'
import { listenForWaitSamples, outranLine, sendWaitSample } from './outran-report.js'
import { holdTemplate, pruneTemplates, reapStaleBuilds } from './prune-templates.js'
import { reapDeadDatabases } from './reaper.js'
import { createRunDir, readWaitSamples, removeRunDir } from './run-dir.js'
import { dropSpares } from './spares.js'
import { templateInputs } from './template-inputs.js'

/** A started testbed: an engine, a complete template and a warm pool of clones. */
export interface Testbed extends AsyncDisposable {
  readonly config: ResolvedConfig
  readonly engine: StartedEngine
  /** Name of the template every clone copies. */
  readonly template: string
  /** Whether this start built the template (false: reused one with the same inputs). */
  readonly templateBuilt: boolean
  /**
   * What another process needs to hand out clones of this template (`attachRun`): runner
   * integrations pass it to their workers. It carries the admin URL with its password.
   */
  readonly handoff: RunHandoff
  /** Milliseconds per startup phase. */
  readonly timings: { readonly engine: number; readonly template: number }
  /** A fresh isolated database. */
  acquire(): Promise<LeasedDatabase>
  stats(): PoolStats
  /** Drops this process's databases (failed tests' kept ones stay), stops an owned engine. Safe twice. */
  close(): Promise<void>
}

export interface CreateTestbedOptions {
  /** Directory to look for `pgtestbed.config.*` in; default `process.cwd()`. */
  readonly cwd?: string
  /** Where kept-database notes go; default stderr. */
  readonly log?: (line: string) => void
  /** Environment for overrides; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv
  /**
   * Attach to a server another process already prepared (a test runner's global setup, or
   * `pgtestbed run`): its admin URL and run id. The config file still applies otherwise.
   */
  readonly attach?: { readonly url: string; readonly runId: string }
  /** Warm clones to keep ready; default `pool.size` (0 for a process that only prepares). */
  readonly poolSize?: number
  /**
   * Open and warm a connection to each ready clone in the background, handed over with the
   * database (`db.takeConnection()`); default true. Turn it off for a process that never
   * queries its databases itself (it only passes their URLs on).
   */
  readonly preconnect?: boolean
}

/**
 * Starts a testbed from a configuration (or from the config file found from `cwd`).
 *
 * @example
 * await using bed = await createTestbed({ migrations: 'migrations' })
 * const db = await bed.acquire()
 * const client = (await db.takeConnection()) ?? new pg.Client({ connectionString: db.url })
 * // ... the test: client is connected and warmed; give db.url to your app ...
 * await client.end()
 * await db.release()
 */
export async function createTestbed(
  config?: PgtestbedConfig,
  options: CreateTestbedOptions = {},
): Promise<Testbed> {
  const base = await resolveConfig({
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(config === undefined ? {} : { config }),
  })
  const resolved: ResolvedConfig =
    options.attach === undefined
      ? base
      : Object.freeze({ ...base, engine: 'url', url: options.attach.url, runId: options.attach.runId })
  const t0 = performance.now()
  const engine = await startEngine(resolved)
  const t1 = performance.now()
  const liveness = new pg.Client({ connectionString: engine.url })
  let pool: ClonePool | undefined
  const runDir = createRunDir()
  try {
    await liveness.connect()
    liveness.on('error', () => undefined)
    const tag = ownerTag(resolved.prefix, resolved.runId, newOwnerId())
    const spares = spareTag(resolved.prefix, resolved.runId)
    await holdLiveness(liveness, tag)
    // The run's spare clones live as long as this process (several may prepare one run: shared).
    await holdSharedLiveness(liveness, spares)
    const inputs = await templateInputs(resolved, engine.serverVersionNum)
    const name = templateName(resolved.prefix, inputs.hash)
    // In use from before it exists: no other process's pruning drops it under us.
    await holdTemplate(liveness, name)
    const reaped = reapLeftovers(liveness, resolved.prefix, tag)
    const template = await ensureTemplate(engine.url, name, inputs, resolved)
    // Only now is the new template among the newest: prune the older ones after it.
    const keep = resolved.templates.keep
    const reaping = reaped
      .then(() => pruneTemplates(liveness, { prefix: resolved.prefix, keep, current: name }))
      .catch(() => [])
    const t2 = performance.now()
    const handoff: RunHandoff = {
      url: engine.url,
      ...(engine.socketUrl === undefined ? {} : { socketUrl: engine.socketUrl }),
      runId: resolved.runId,
      prefix: resolved.prefix,
      template: template.name,
      spareTag: spares,
      runDir,
      strategy: engine.serverVersionNum >= 150000 ? resolved.cloneStrategy : 'default',
      onFailure: resolved.onFailure,
      perf: resolved.perf,
      pool: {
        size: resolved.pool.size,
        maxDatabases: resolved.pool.maxDatabases,
        acquireTimeoutMs: resolved.pool.acquireTimeoutMs,
        quietAfterAcquireMs: resolved.pool.quietAfterAcquireMs,
        recycle: resolved.pool.recycle,
      },
    }
    pool = clonePoolFor(handoff, tag, {
      size: options.poolSize ?? resolved.pool.size,
      preconnect: options.preconnect ?? true,
      serverStopsWithProcess: engine.owned,
      ...(options.log === undefined ? {} : { log: options.log }),
    })
    pool.warm()
    const clones = pool
    // The process that prepared the run hears its other processes' waits and reports them once.
    const listening =
      options.attach === undefined ? await listenForWaitSamples(liveness, resolved.runId) : undefined
    let closing: Promise<void> | undefined
    const close = (): Promise<void> => {
      closing ??= (async () => {
        await reaping
        await clones.close()
        // Its workers' samples, from the run's directory (or the server, where they could not write it).
        const workers = readWaitSamples(runDir)
        if (listening === undefined)
          for (const sample of [clones.waitSample(), ...workers])
            await sendWaitSample(liveness, resolved.runId, sample)
        else {
          const line = outranLine([clones.waitSample(), ...workers, ...(await listening.samples())])
          if (line !== undefined) (options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line)
        }
        await dropSpares(liveness, spares).catch(() => 0)
        removeRunDir(runDir)
        // A cluster this process started, with something new to keep: keep its templates.
        const own = 'closeKeepingTemplates' in engine ? (engine as StartedEmbedded) : undefined
        const changed = own !== undefined && (template.built || !own.fromCache)
        const keep = changed && resolved.embedded.cacheTemplates !== false && (await onlyTemplates(liveness))
        await liveness.end().catch(() => undefined)
        if (keep) await own?.closeKeepingTemplates()
        else await engine.close()
      })()
      return closing
    }
    return {
      config: resolved,
      engine,
      template: template.name,
      templateBuilt: template.built,
      handoff,
      timings: { engine: t1 - t0, template: t2 - t1 },
      acquire: () => clones.acquire(),
      stats: () => clones.stats(),
      close,
      [Symbol.asyncDispose]: close,
    }
  } catch (err) {
    await pool?.close()
    await liveness.end().catch(() => undefined)
    await engine.close()
    removeRunDir(runDir)
    throw err
  }
}

/** Templates kept for the next run: up to this much (they stay in memory on tmpfs). */
const KEEP_TEMPLATES_BYTES = 512 * 2 ** 20

/**
 * Whether the server holds nothing but templates (no kept database of a failed test, no other
 * data), small enough to keep for the next run.
 */
async function onlyTemplates(admin: pg.Client): Promise<boolean> {
  const { rows } = await admin
    .query<{ others: number; bytes: string }>(
      `SELECT count(*) FILTER (WHERE NOT datistemplate AND datname <> 'postgres')::int AS others,
              coalesce(sum(pg_database_size(oid)) FILTER (WHERE datname ~ '_tpl_[0-9a-f]+$'), 0)::text AS bytes
         FROM pg_database`,
    )
    .catch(() => ({ rows: [] }))
  const row = rows[0]
  return row !== undefined && row.others === 0 && Number(row.bytes) <= KEEP_TEMPLATES_BYTES
}

/** Dead runs' clones and dead builders' half-built templates. */
async function reapLeftovers(admin: pg.Client, prefix: string, tag: string): Promise<void> {
  await reapDeadDatabases(admin, { prefix, exclude: [tag] }).catch(() => [])
  await reapStaleBuilds(admin, prefix).catch(() => [])
}
