/**
 * Removes databases left by dead runs (a SIGKILLed worker, a crashed CI job). Only names with
 * our prefix and a clone shape are considered, and only when their owner's liveness lock is
 * free. Databases kept for inspection (failed tests) stay until `pgtestbed db prune --kept`.
 * @module
 */
import type pg from 'pg'
import { dropDatabaseSql } from '../sql/core.js'
import { isOwnerAlive } from './liveness.js'
import { ownerOfClone } from './naming.js'

/** Marks a database kept for inspection; the automatic reaper leaves it alone. */
export const KEPT_COMMENT = 'pgtestbed: kept for inspection'

export interface ReapOptions {
  readonly prefix: string
  /** Owner tags never to touch (our own). */
  readonly exclude?: readonly string[]
  /** Also drop databases kept for inspection. */
  readonly kept?: boolean
}

/**
 * Drops dead owners' databases; returns their names. `admin` is one session (not a pool): the
 * liveness probe takes and releases a lock, which must happen on the same connection.
 *
 * @example
 * const dropped = await reapDeadDatabases(admin, { prefix: 'pgt' })
 */
export async function reapDeadDatabases(admin: pg.ClientBase, options: ReapOptions): Promise<string[]> {
  const { rows } = await admin.query<{ name: string; comment: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate`,
    [`${options.prefix}\\_%`],
  )
  const alive = new Map<string, boolean>()
  const dropped: string[] = []
  for (const { name, comment } of rows) {
    const owner = ownerOfClone(options.prefix, name)
    if (owner === undefined || options.exclude?.includes(owner)) continue
    if (comment === KEPT_COMMENT && options.kept !== true) continue
    if (!alive.has(owner)) alive.set(owner, await isOwnerAlive(admin, owner))
    if (alive.get(owner) === true && comment !== KEPT_COMMENT) continue
    await admin.query(dropDatabaseSql(name))
    dropped.push(name)
  }
  return dropped
}
