/**
 * Concurrency checks need real concurrent sessions. PGlite (the pglite engine) runs every
 * connection in one session, one at a time: locks never block, transactions never overlap,
 * deadlocks cannot happen — results there would mean nothing, so they are refused up front.
 * @module
 */
import { failure } from '../errors.js'
import { ScenarioError } from './scenario-error.js'

export { IS_PGLITE_SQL } from '../sql/is-pglite.js'

/**
 * Throws `PGT_SCENARIO_SETUP` when `pglite` is true, naming `what` and the engines that work.
 *
 * @example
 * refusePglite(rows[0]?.pglite === true, 'run scenario "lost update"', 'interleavings, deadlock scenarios and isolation checks')
 */
export function refusePglite(pglite: boolean, what: string, checks: string): void {
  if (!pglite) return
  throw new ScenarioError(
    'PGT_SCENARIO_SETUP',
    failure(
      what,
      'the server is PGlite (the pglite engine), which runs every connection in one session, one statement at a time: ' +
        `locks never block, transactions never overlap and deadlocks cannot happen, so ${checks} mean nothing there`,
      'Run concurrency tests on the embedded or url engine (engine: "embedded", or PGTESTBED_ENGINE=embedded).',
    ),
  )
}
