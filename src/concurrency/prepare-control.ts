/**
 * The control connection's first query: the scenario's statement timeout, and a check that the
 * server has real concurrent sessions. PGlite (the pglite engine) runs every connection in one
 * session, one at a time: locks never block, transactions never overlap, deadlocks cannot
 * happen — a scenario there would report results that mean nothing, so it is refused.
 * @module
 */
import type pg from 'pg'
import { failure } from '../errors.js'
import { ScenarioError } from './scenario-error.js'

/**
 * Sets `statement_timeout` on `control` and refuses a PGlite server with `PGT_SCENARIO_SETUP`.
 *
 * @example
 * await prepareControl(control, 'lost update', 10_000)
 */
export async function prepareControl(control: pg.Client, name: string, timeoutMs: number): Promise<void> {
  const { rows } = await control.query<{ pglite: boolean }>(
    "SELECT set_config('statement_timeout', $1, false), strpos(version(), 'PGlite') > 0 AS pglite",
    [String(Math.max(1, Math.round(timeoutMs)))],
  )
  if (rows[0]?.pglite === true) {
    throw new ScenarioError(
      'PGT_SCENARIO_SETUP',
      failure(
        `run scenario "${name}"`,
        'the server is PGlite (the pglite engine), which runs every connection in one session, one statement at a time: ' +
          'locks never block, transactions never overlap and deadlocks cannot happen, so interleavings, deadlock scenarios and isolation checks mean nothing there',
        'Run concurrency tests on the embedded or url engine (engine: "embedded", or PGTESTBED_ENGINE=embedded).',
      ),
    )
  }
}
