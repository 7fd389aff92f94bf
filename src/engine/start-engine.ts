/**
 * Starts the engine a resolved configuration names.
 * @module
 */
import type { ResolvedConfig } from '../config/index.js'
import { PgtestbedError } from '../errors.js'
import { findUpCluster, startEmbedded } from './embedded/index.js'
import type { StartedEngine } from './engine.js'
import { startUrl } from './url/start-url.js'

/**
 * Starts (embedded, pglite) or attaches to (url) the configured server. An embedded project
 * whose `pgtestbed up` cluster is running attaches to that cluster instead of starting another.
 * With no PostgreSQL binaries anywhere (and no `embedded.binDir` set), the embedded engine falls
 * back to pglite when its packages are installed, and says so in one line.
 *
 * @example
 * await using server = await startEngine(await resolveConfig())
 */
export async function startEngine(
  config: Pick<ResolvedConfig, 'engine' | 'url' | 'embedded' | 'rootDir'>,
): Promise<StartedEngine> {
  if (config.engine === 'url') return startUrl(config.url ?? '')
  if (config.engine === 'pglite') return (await import('./pglite/index.js')).startPglite()
  const up = findUpCluster(config.rootDir, config.embedded.dataRoot)
  if (up !== undefined) {
    const attached = await startUrl(up.url)
    return { ...attached, kind: 'embedded' }
  }
  return startEmbeddedOrPglite(config.embedded, { startEmbedded })
}

/** What the fallback needs; tests replace the parts they cannot arrange on this machine. */
export interface FallbackSeams {
  readonly startEmbedded: typeof startEmbedded
  readonly pgliteInstalled?: () => Promise<boolean>
  readonly startPglite?: () => Promise<StartedEngine>
  readonly log?: (line: string) => void
}

/**
 * The embedded engine, or pglite when no native binaries exist anywhere (`PGT_NO_BINARIES`
 * without an explicit `binDir`) and the pglite packages are installed.
 */
export async function startEmbeddedOrPglite(
  options: ResolvedConfig['embedded'],
  seams: FallbackSeams,
): Promise<StartedEngine> {
  try {
    return await seams.startEmbedded(options)
  } catch (err) {
    if (!(err instanceof PgtestbedError) || err.code !== 'PGT_NO_BINARIES' || options.binDir !== undefined)
      throw err
    // Loaded only here: projects that have binaries never load the pglite code.
    const pglite = await import('./pglite/index.js')
    if (!(await (seams.pgliteInstalled ?? pglite.pgliteInstalled)())) throw err
    const log = seams.log ?? ((line: string) => process.stderr.write(`${line}\n`))
    log(
      'pgtestbed: no PostgreSQL binaries found (npm package or system); using the pglite engine (in-process WASM). Set engine: "pglite" to silence this, or install binaries.',
    )
    return (seams.startPglite ?? pglite.startPglite)()
  }
}
