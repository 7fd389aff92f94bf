/**
 * `pgtestbed up`: starts the project's embedded cluster and leaves it running (or checks the
 * configured server), so tests, `db new` and `run` attach to it.
 * @module
 */
import type { ResolvedConfig } from '../../config/index.js'
import { redactUrl, startUpCluster, startUrl } from '../../engine/index.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'
import { ms, projectConfig } from '../project.js'

export interface UpResult {
  readonly engine: 'embedded' | 'url'
  /** The admin URL with its password (secret-bearing; human output shows `***`). */
  readonly url: string
  readonly serverVersion: string
  readonly alreadyRunning: boolean
  /** A cluster left half-started by a killed `up` (or with a dead server) was removed first. */
  readonly reapedAbandoned?: boolean
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
    engine: { readonly url: string; readonly serverVersion: string },
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
  const cluster = await startUpCluster(config.rootDir, config.embedded)
  return { ...result(cluster, cluster.alreadyRunning), reapedAbandoned: cluster.reapedAbandoned }
}

export const upCommand = defineCommand({
  name: ['up'],
  summary: 'Start the project server (embedded cluster) and keep it running; print its URL',
  async run(_args, io) {
    progressOf(io).phase('starting the project server')
    const data = await up(await projectConfig(io))
    const how = data.alreadyRunning ? 'already running' : `started in ${ms(data.ms)}`
    const reaped = data.reapedAbandoned ? 'removed a cluster a killed `pgtestbed up` left behind\n' : ''
    // The password stays out of human output; `db url` (or --json) prints the full URL.
    return {
      data,
      human: `${reaped}${data.engine} PostgreSQL ${data.serverVersion} ${how}\n${redactUrl(data.url)}  (full URL: pgtestbed db url)`,
    }
  },
})
