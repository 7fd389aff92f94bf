/**
 * `pgtestbed up`: starts the project's embedded cluster and leaves it running (or checks the
 * configured server), so tests, `db new` and `run` attach to it.
 * @module
 */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ResolvedConfig } from '../../config/index.js'
import {
  dataRoot,
  findUpCluster,
  readRecord,
  redactUrl,
  type StartedEngine,
  startEmbedded,
  startUrl,
  stopCluster,
  upClusterName,
} from '../../engine/index.js'
import { EngineError } from '../../errors.js'
import { sleep } from '../../internal/process-alive.js'
import { defineCommand } from '../command.js'
import { ms, projectConfig } from '../project.js'

export interface UpResult {
  readonly engine: 'embedded' | 'url'
  /** The admin URL with its password (secret-bearing; human output shows `***`). */
  readonly url: string
  readonly serverVersion: string
  readonly alreadyRunning: boolean
  readonly ms: number
}

/**
 * Starts (or finds) the project's long-running server. Two `up` at once: one starts it, the
 * other waits for it and reports it.
 *
 * @example
 * const { url } = await up(await resolveConfig())
 */
export async function up(config: ResolvedConfig): Promise<UpResult> {
  const started = performance.now()
  const result = (
    engine: Pick<StartedEngine, 'url' | 'serverVersion'>,
    alreadyRunning: boolean,
  ): UpResult => ({
    engine: config.engine,
    url: engine.url,
    serverVersion: engine.serverVersion,
    alreadyRunning,
    ms: performance.now() - started,
  })
  if (config.engine === 'url') {
    const server = await startUrl(config.url ?? '')
    return result(server, true)
  }
  const name = upClusterName(config.rootDir)
  const dir = join(dataRoot(config.embedded.dataRoot), 'clusters', name)
  for (let attempt = 0; attempt < 3000; attempt++) {
    const running = findUpCluster(config.rootDir, config.embedded.dataRoot)
    if (running !== undefined) return result(running, true)
    try {
      mkdirSync(dir) // the lock: exactly one `up` creates the directory
    } catch {
      await waitOrReap(dir, config)
      continue
    }
    const server = await startEmbedded({ ...config.embedded, clusterName: name, detached: true })
    return result(server, false)
  }
  throw new EngineError(
    'PGT_ENGINE_START',
    'Failed to start the cluster: another `pgtestbed up` did not finish. Run `pgtestbed down` and retry.',
  )
}

/** Another `up` holds the directory: wait while it starts; remove it if that process died. */
async function waitOrReap(dir: string, config: ResolvedConfig): Promise<void> {
  await sleep(20)
  if (!existsSync(join(dir, 'owner.json'))) {
    const age = Date.now() - (statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
    if (age > 60_000) await stopCluster(dir)
    return
  }
  if (findUpCluster(config.rootDir, config.embedded.dataRoot) === undefined) {
    const record = readRecord(dir)
    // A record with a postmaster that is gone: a dead cluster. Without a pid yet: still starting.
    if (record?.postmasterPid !== undefined) await stopCluster(dir)
  }
}

export const upCommand = defineCommand({
  name: ['up'],
  summary: 'Start the project server (embedded cluster) and keep it running; print its URL',
  usage: 'pgtestbed up [--json]',
  async run(_args, io) {
    const data = await up(await projectConfig(io))
    const how = data.alreadyRunning ? 'already running' : `started in ${ms(data.ms)}`
    // The password stays out of human output; `db url` (or --json) prints the full URL.
    return {
      data,
      human: `${data.engine} PostgreSQL ${data.serverVersion} ${how}\n${redactUrl(data.url)}  (full URL: pgtestbed db url)`,
    }
  },
})
