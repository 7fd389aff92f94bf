/**
 * Starts the engine a resolved configuration names.
 * @module
 */
import type { ResolvedConfig } from '../config/index.js'
import { findUpCluster, startEmbedded } from './embedded/index.js'
import type { StartedEngine } from './engine.js'
import { startUrl } from './url/start-url.js'

/**
 * Starts (embedded) or attaches to (url) the configured server. An embedded project whose
 * `pgtestbed up` cluster is running attaches to that cluster instead of starting another.
 *
 * @example
 * await using server = await startEngine(await resolveConfig())
 */
export async function startEngine(
  config: Pick<ResolvedConfig, 'engine' | 'url' | 'embedded' | 'rootDir'>,
): Promise<StartedEngine> {
  if (config.engine === 'url') return startUrl(config.url ?? '')
  const up = findUpCluster(config.rootDir, config.embedded.dataRoot)
  if (up !== undefined) {
    const attached = await startUrl(up.url)
    return { ...attached, kind: 'embedded' }
  }
  return startEmbedded(config.embedded)
}
