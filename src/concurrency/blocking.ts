/**
 * Lock-wait detection from a watchdog connection, the way PostgreSQL's isolation tester does it:
 * ask the server whether a backend waits on a lock held by one of the sessions, never guess from
 * elapsed time.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'

/**
 * True when backend `pid` waits on a heavyweight lock (or a safe snapshot) held by one of `pids`.
 *
 * @example
 * if (await isBlocked(control, session.pid, allPids)) console.log('waiting on a lock')
 */
export async function isBlocked(control: Queryable, pid: number, pids: readonly number[]): Promise<boolean> {
  const { rows } = await control.query<{ blocked: boolean }>(
    'select pg_catalog.pg_isolation_test_session_is_blocked($1, $2::int[]) as blocked',
    [pid, pids],
  )
  return rows[0]?.blocked === true
}

/**
 * The pids holding the locks backend `pid` waits for (`pg_blocking_pids`).
 *
 * @example
 * const holders = await blockingPids(control, session.pid)
 */
export async function blockingPids(control: Queryable, pid: number): Promise<number[]> {
  const { rows } = await control.query<{ pids: number[] }>('select pg_catalog.pg_blocking_pids($1) as pids', [
    pid,
  ])
  return rows[0]?.pids ?? []
}
