/**
 * Removes databases left by dead runs (a SIGKILLed worker, a crashed CI job). Only names with
 * our prefix and a clone shape are considered, and only when their owner's liveness lock is
 * free. Databases kept for inspection (failed tests) stay until `pgtestbed db prune --kept`.
 * @module
 */
import type pg from 'pg'
import { messageOf } from '../errors.js'
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

/** What a reap dropped, and what it could not drop with the server's reason. */
export interface ReapResult {
  readonly dropped: string[]
  readonly skipped: { readonly name: string; readonly reason: string }[]
}

/**
 * Drops dead owners' databases. One it may not drop (another role owns it, a session the role
 * cannot end) is listed with the server's reason and the reap goes on to the rest. `admin` is one
 * session (not a pool): the liveness probe takes and releases a lock on the same connection.
 *
 * @example
 * const { dropped, skipped } = await reapDeadDatabases(admin, { prefix: 'pgt' })
 */
export async function reapDeadDatabases(admin: pg.ClientBase, options: ReapOptions): Promise<ReapResult> {
  const { rows } = await admin.query<{ name: string; comment: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate`,
    [`${options.prefix}\\_%`],
  )
  const alive = new Map<string, boolean>()
  const dropped: string[] = []
  const skipped: { name: string; reason: string }[] = []
  for (const { name, comment } of rows) {
    const owner = ownerOfClone(options.prefix, name)
    if (owner === undefined || options.exclude?.includes(owner)) continue
    if (comment === KEPT_COMMENT && options.kept !== true) continue
    if (!alive.has(owner)) alive.set(owner, await isOwnerAlive(admin, owner))
    if (alive.get(owner) === true && comment !== KEPT_COMMENT) continue
    try {
      await admin.query(dropDatabaseSql(name))
      dropped.push(name)
    } catch (err) {
      skipped.push({ name, reason: messageOf(err) })
    }
  }
  return { dropped, skipped }
}
