/**
 * Runs anomaly scenarios at each isolation level and builds the table of which anomalies the
 * server prevents, next to what PostgreSQL documents.
 * @module
 */
import { interleave } from '../interleave.js'
import type { InterleavingReport } from '../scenario.js'
import {
  type AnomalyScenario,
  atLevel,
  ISOLATION_LEVELS,
  type IsolationLevel,
  type Verdict,
} from './anomaly.js'
import { ANOMALIES } from './catalogue.js'

/** One cell of the table: the verdict of one scenario at one level. */
export interface IsolationCell extends Verdict {
  readonly level: IsolationLevel
  /** What PostgreSQL documents, when known. */
  readonly documented: Verdict['outcome'] | null
  /** False when the server did something other than what is documented. */
  readonly asDocumented: boolean | null
  /** Step results, for `--json` readers who want the detail. */
  readonly report: InterleavingReport
}

/** One row of the table: a scenario across levels. */
export interface IsolationRow {
  readonly id: string
  readonly name: string
  readonly source: string
  readonly cells: readonly IsolationCell[]
}

/** The whole table. */
export interface IsolationCheck {
  readonly kind: 'isolation-check'
  readonly levels: readonly IsolationLevel[]
  readonly rows: readonly IsolationRow[]
  /** True when every cell with a documented outcome matched it. */
  readonly asDocumented: boolean
}

/** Options of `checkIsolation`. */
export interface IsolationCheckOptions {
  /** URL of a scratch database the scenarios may create and drop tables in. */
  readonly url: string
  /** Default: all three. */
  readonly levels?: readonly IsolationLevel[]
  /** Extra scenarios, run after the built-in ones (ids must not clash). */
  readonly scenarios?: readonly AnomalyScenario[]
  /** Replace the built-in catalogue instead of adding to it. */
  readonly catalogue?: 'built-in' | 'none'
  /** Per-scenario deadline (ms); default 10 000. */
  readonly deadlineMs?: number
  /** Stops the running scenario and the check: the promise rejects with the abort reason. */
  readonly signal?: AbortSignal
  /** Called after each scenario run (progress). */
  readonly onResult?: (row: {
    id: string
    level: IsolationLevel
    verdict: Verdict
    /** Runs done and to do, for a progress display. */
    done: number
    total: number
  }) => void
}

/**
 * Runs every anomaly scenario at every level, one after another.
 *
 * @example
 * const table = await checkIsolation({ url })
 * table.rows.find((r) => r.id === 'G2-item')!.cells.map((c) => c.outcome)
 * // ['anomaly', 'anomaly', 'prevented']
 */
export async function checkIsolation(options: IsolationCheckOptions): Promise<IsolationCheck> {
  const levels = options.levels ?? ISOLATION_LEVELS
  const scenarios = [...(options.catalogue === 'none' ? [] : ANOMALIES), ...(options.scenarios ?? [])]
  const rows: IsolationRow[] = []
  const total = scenarios.length * levels.length
  let done = 0
  for (const scenario of scenarios) {
    const cells: IsolationCell[] = []
    for (const level of levels) {
      options.signal?.throwIfAborted()
      const report = await interleave({
        url: options.url,
        name: `${scenario.id} at ${level}`,
        setup: scenario.setup,
        steps: atLevel(scenario.steps, level),
        ...(scenario.final === undefined ? {} : { final: scenario.final }),
        ...(scenario.teardown === undefined ? {} : { teardown: scenario.teardown }),
        ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })
      const verdict = report.timedOut
        ? { outcome: 'prevented' as const, how: 'timed out: a step never finished' }
        : scenario.verdict(report)
      const documented = scenario.documented?.[level] ?? null
      cells.push({
        level,
        outcome: verdict.outcome,
        how: verdict.how,
        documented,
        asDocumented: documented === null ? null : documented === verdict.outcome,
        report,
      })
      options.onResult?.({ id: scenario.id, level, verdict, done: ++done, total })
    }
    rows.push({ id: scenario.id, name: scenario.name, source: scenario.source, cells })
  }
  return {
    kind: 'isolation-check',
    levels: [...levels],
    rows,
    asDocumented: rows.every((r) => r.cells.every((c) => c.asDocumented !== false)),
  }
}
