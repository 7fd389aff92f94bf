/**
 * Spare clones: ready, never-used clones a run's test process leaves at its close for the run's
 * next process to take over (vitest starts a process per test file), named under the run's spare
 * tag. The process that prepared the run holds that tag's liveness (so no reaper takes them while
 * the run lasts) and drops what is left when it closes.
 * @module
 */
import type pg from 'pg'
import { dropDatabaseSql } from '../sql/core.js'
import { clonePattern } from './naming.js'

/** Drops the run's remaining spare clones; returns how many. */
export async function dropSpares(admin: pg.ClientBase, spareTag: string): Promise<number> {
  const { rows } = await admin.query<{ name: string }>(
    'SELECT datname AS name FROM pg_database WHERE datname ~ $1',
    [clonePattern(spareTag)],
  )
  let dropped = 0
  for (const { name } of rows)
    await admin.query(dropDatabaseSql(name)).then(
      () => dropped++,
      () => undefined,
    )
  return dropped
}
