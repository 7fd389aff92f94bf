/**
 * One session for work that needs one: settings made with `SET LOCAL` inside a transaction
 * must be seen by the queries that follow, so a pool lends one client for the whole of it.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { inputError } from './input-checks.js'

/** Planner and pgvector settings, e.g. `{ 'hnsw.ef_search': 100, enable_seqscan: 'off' }`. */
export type SearchSettings = Readonly<Record<string, string | number>>

/**
 * Runs `work` in a transaction on one session with `settings` applied locally, then rolls back
 * (nothing a search does is kept).
 *
 * @example
 * await withSettings(pool, { 'hnsw.ef_search': 100 }, (s) => s.query('SELECT 1'))
 */
export async function withSettings<T>(
  db: Queryable,
  settings: SearchSettings,
  work: (session: Queryable) => Promise<T>,
): Promise<T> {
  for (const name of Object.keys(settings)) {
    if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name))
      throw inputError('apply settings', `"${name}" is not a setting name`, 'Use names like hnsw.ef_search.')
  }
  const pool = db as Queryable & {
    totalCount?: number
    connect?: () => Promise<Queryable & { release(): void }>
  }
  const lent = pool.totalCount !== undefined && pool.connect !== undefined ? await pool.connect() : undefined
  const session = lent ?? db
  try {
    await session.query('BEGIN')
    try {
      for (const [name, value] of Object.entries(settings))
        await session.query('SELECT set_config($1, $2, true)', [name, String(value)])
      return await work(session)
    } finally {
      await session.query('ROLLBACK')
    }
  } finally {
    lent?.release()
  }
}
