/**
 * Starts the engine a resolved configuration names.
 * @module
 */
import type { ResolvedConfig } from '../config/config.js'
import { startEmbedded } from './embedded/index.js'
import type { StartedEngine } from './engine.js'
import { startUrl } from './url/start-url.js'

/**
 * Starts (embedded) or attaches to (url) the configured server.
 *
 * @example
 * await using server = await startEngine(await resolveConfig())
 */
export async function startEngine(
  config: Pick<ResolvedConfig, 'engine' | 'url' | 'embedded'>,
): Promise<StartedEngine> {
  if (config.engine === 'url') return startUrl(config.url ?? '')
  return startEmbedded(config.embedded)
}
