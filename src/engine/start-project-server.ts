/**
 * The project's long-running server, as `pgtestbed up` leaves it: the embedded `up` cluster
 * (started, or found running), or the configured `url` server checked for reachability.
 * `up`, `db new` and `fixtures load` all stand on it.
 * @module
 */
import type { ResolvedConfig } from '../config/index.js'
import { ConfigError } from '../errors.js'
import { startUpCluster } from './embedded/index.js'
import { startUrl } from './url/start-url.js'

export interface ProjectServer {
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
 * Starts (or finds) the project's long-running server. Two at once: one starts it, the other
 * waits for it and reports it.
 *
 * @example
 * const { url } = await startProjectServer(await resolveConfig())
 */
export async function startProjectServer(config: ResolvedConfig): Promise<ProjectServer> {
  const started = performance.now()
  if (config.engine === 'pglite') {
    throw new ConfigError(
      'PGT_USAGE',
      'Failed to start a long-running server: the pglite engine runs inside one process (each test run starts its own). ' +
        'Use engine "embedded" or "url" for `pgtestbed up`, `db new` and `fixtures load`.',
    )
  }
  if (config.engine === 'url') {
    const server = await startUrl(config.url ?? '')
    return {
      engine: 'url',
      url: server.url,
      serverVersion: server.serverVersion,
      alreadyRunning: true,
      ms: performance.now() - started,
    }
  }
  const cluster = await startUpCluster(config.rootDir, config.embedded)
  return {
    engine: 'embedded',
    url: cluster.url,
    serverVersion: cluster.serverVersion,
    alreadyRunning: cluster.alreadyRunning,
    reapedAbandoned: cluster.reapedAbandoned,
    ms: performance.now() - started,
  }
}
