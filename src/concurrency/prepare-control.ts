/**
 * The control connection's first query: the scenario's statement timeout, and a check that the
 * server has real concurrent sessions (PGlite is refused: see refuse-pglite.ts).
 * @module
 */
import type pg from 'pg'
import { IS_PGLITE_SQL, refusePglite } from './refuse-pglite.js'

/**
 * Sets `statement_timeout` on `control` and refuses a PGlite server with `PGT_SCENARIO_SETUP`.
 *
 * @example
 * await prepareControl(control, 'lost update', 10_000)
 */
export async function prepareControl(control: pg.Client, name: string, timeoutMs: number): Promise<void> {
  const { rows } = await control.query<{ pglite: boolean }>(
    `SELECT set_config('statement_timeout', $1, false), ${IS_PGLITE_SQL} AS pglite`,
    [String(Math.max(1, Math.round(timeoutMs)))],
  )
  refusePglite(
    rows[0]?.pglite === true,
    `run scenario "${name}"`,
    'interleavings, deadlock scenarios and isolation checks',
  )
}
