/**
 * Databases the harness creates and always drops: `<prefix>_mig_<random>` on a server.
 * @module
 */
import { createScratchDatabase, type ScratchDatabase } from '../../engine/index.js'

/** A database the harness works in, with one connected session. */
export type HarnessDatabase = ScratchDatabase

/**
 * Creates an empty database on the server at `adminUrl`; `drop()` (or `await using`) removes it.
 *
 * @example
 * await using db = await createHarnessDatabase(adminUrl, 'pgt')
 * await db.session.query('select 1')
 */
export function createHarnessDatabase(adminUrl: string, prefix: string): Promise<HarnessDatabase> {
  return createScratchDatabase(adminUrl, { prefix, purpose: 'mig' })
}
