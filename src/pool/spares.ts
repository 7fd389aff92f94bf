/**
 * Spare clones: the databases of a run's test processes (vitest starts a process per test file)
 * live under the run's spare tag, held alive by the process that prepared the run, so they
 * outlive the process that used them. At its close a process marks its ready ones free (their
 * comment: `pgtestbed: spare` and what the next process needs to know of them; their names in
 * the run's directory). The run's next process claims them where they are: it connects to one
 * and clears the mark if it is still there. No rename, so nobody waits for the closing process's
 * sessions to end, and the claiming connection is the one the first test uses. A database whose
 * process died while using it carries no mark: nobody claims it, and the preparer drops it at
 * the run's end.
 * @module
 */
import type pg from 'pg'
import { dropDatabaseSql, quoteIdent } from '../sql/core.js'
import { LOCK_SPACE } from './liveness.js'
import { clonePattern } from './naming.js'
import { KEPT_COMMENT } from './reaper.js'
import { decodeSpareState, encodeSpareState, type SpareState } from './recycle.js'

/** What the comment of a free spare starts with; its state (JSON) follows. */
const SPARE_MARK = 'pgtestbed: spare '

/** The comment that marks a ready database free for the run's next process, as a literal. */
export function spareMark(state: SpareState): string {
  return `'${(SPARE_MARK + encodeSpareState(state)).replaceAll("'", "''")}'`
}

/** A free spare's state, or undefined when `comment` is not a spare's mark. */
export function spareFromMark(comment: string | null): SpareState | undefined {
  if (comment === null || !comment.startsWith(SPARE_MARK)) return undefined
  return decodeSpareState(comment.slice(SPARE_MARK.length))
}

/** Up to `limit` free spares of the run: their names and marks. */
export async function listSpares(
  admin: pg.Pool | pg.ClientBase,
  spareTag: string,
  limit: number,
): Promise<{ name: string; comment: string }[]> {
  const { rows } = await admin.query<{ name: string; comment: string }>(
    `SELECT name, comment FROM (SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname ~ $1) s WHERE starts_with(comment, $2) LIMIT $3`,
    [clonePattern(spareTag), SPARE_MARK, limit],
  )
  return rows
}

/**
 * Claims the spare `client` is connected to (`name`): clears its mark when it is still there and
 * returns the state it carried; undefined when it is not free (another process claimed it first,
 * or it was never marked). The lock (an advisory lock of this database, for the transaction)
 * makes concurrent claims take turns, and the mark is read after it: one of them finds it.
 * When the mark carries the template's snapshot, the session is warmed too.
 */
export async function claimSpare(client: pg.ClientBase, name: string): Promise<SpareState | undefined> {
  try {
    // Three statements: in READ COMMITTED the read takes its snapshot after the lock is granted.
    const results = (await client.query(
      `BEGIN; SELECT pg_advisory_xact_lock(${LOCK_SPACE}, 0);
       SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = current_database()`,
    )) as unknown as pg.QueryResult<{ mark: string | null }>[]
    const state = spareFromMark(results[2]?.rows[0]?.mark ?? null)
    // The snapshot's warm-up reads ride along (see `openWarmConnection`): no round trip of their own.
    const warm = state?.snapshot?.warm ?? ''
    await client.query(
      state === undefined ? 'ROLLBACK' : `COMMENT ON DATABASE ${quoteIdent(name)} IS NULL; COMMIT${warm}`,
    )
    return state
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  }
}

/** Drops the run's remaining spare clones (kept failed tests' databases stay); returns how many. */
export async function dropSpares(admin: pg.ClientBase, spareTag: string): Promise<number> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database
      WHERE datname ~ $1 AND shobj_description(oid, 'pg_database') IS DISTINCT FROM $2`,
    [clonePattern(spareTag), KEPT_COMMENT],
  )
  let dropped = 0
  for (const { name } of rows)
    await admin.query(dropDatabaseSql(name)).then(
      () => dropped++,
      () => undefined,
    )
  return dropped
}
