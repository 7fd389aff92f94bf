/**
 * Loads the optional PGlite packages on first use of the pglite engine: nothing else in
 * pgtestbed imports them, so projects on the other engines never need them installed.
 * @module
 */
import type { Extension, PGlite, PGliteOptions } from '@electric-sql/pglite'
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { EngineError, messageOf } from '../../errors.js'
import { loadContrib } from './contrib.js'

/** The pinned versions (pgvector and pglite-socket each pin one exact PGlite). */
export const PGLITE_PACKAGES = [
  '@electric-sql/pglite@0.5.15',
  '@electric-sql/pglite-socket@0.2.18',
  '@electric-sql/pglite-pgvector@0.0.16',
] as const

/** What the engine uses from the packages. */
export interface PgliteModules {
  readonly PGlite: { create(options?: PGliteOptions): Promise<PGlite> }
  readonly PGLiteSocketServer: typeof PGLiteSocketServer
  /** PGlite's contrib extensions, and pgvector's when `@electric-sql/pglite-pgvector` is installed. */
  readonly extensions: Readonly<Record<string, Extension>>
}

/** How a package is imported; tests pass one that fails, to see the message. */
export type ImportModule = (name: string) => Promise<unknown>

const importModule: ImportModule = (name) => import(name)

/**
 * The PGlite modules, or `PGT_ENGINE_START` naming the `npm install -D …` command.
 *
 * @example
 * const { PGlite } = await loadPglite()
 */
export async function loadPglite(load: ImportModule = importModule): Promise<PgliteModules> {
  let core: typeof import('@electric-sql/pglite')
  let socket: typeof import('@electric-sql/pglite-socket')
  try {
    core = (await load('@electric-sql/pglite')) as typeof core
    socket = (await load('@electric-sql/pglite-socket')) as typeof socket
  } catch (err) {
    throw new EngineError(
      'PGT_ENGINE_START',
      `Failed to start the pglite engine: its packages are not installed (${messageOf(err)}). ` +
        `Install them with: npm install -D ${PGLITE_PACKAGES.join(' ')}`,
      { cause: err },
    )
  }
  const vector = await load('@electric-sql/pglite-pgvector').then(
    (m) => (m as typeof import('@electric-sql/pglite-pgvector')).vector,
    () => undefined,
  )
  const contrib = await loadContrib(load)
  return {
    PGlite: core.PGlite,
    PGLiteSocketServer: socket.PGLiteSocketServer,
    extensions: vector === undefined ? contrib : { ...contrib, vector },
  }
}

/** Whether the pglite engine can start here (its packages resolve). */
export async function pgliteInstalled(load: ImportModule = importModule): Promise<boolean> {
  return loadPglite(load).then(
    () => true,
    () => false,
  )
}
