/**
 * The shape of an anomaly scenario, and the small helpers the built-in ones share.
 * @module
 */
import type { InterleavingReport, StepResult, StepSpec } from '../scenario.js'

/** The three isolation levels PostgreSQL implements (read uncommitted behaves as read committed). */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable'

/** Every level, weakest first. */
export const ISOLATION_LEVELS: readonly IsolationLevel[] = Object.freeze([
  'read committed',
  'repeatable read',
  'serializable',
])

/** What a run of an anomaly scenario showed. */
export interface Verdict {
  readonly outcome: 'prevented' | 'anomaly'
  /** How: `blocked`, `serialization failure (40001)`, `snapshot`, or what the anomaly looked like. */
  readonly how: string
}

/**
 * A scenario that shows an anomaly unless the isolation level prevents it. Step SQL may say
 * `{{isolation}}`; the check replaces it with each level.
 *
 * @example
 * const scenario: AnomalyScenario = { kind: 'anomaly-scenario', id: 'P4', ... }
 */
export interface AnomalyScenario {
  readonly kind: 'anomaly-scenario'
  /** Short id from the literature, e.g. `G2-item`. */
  readonly id: string
  readonly name: string
  readonly description: string
  readonly setup: readonly string[]
  readonly steps: readonly StepSpec[]
  readonly final?: string
  /** Runs after each level's run; setup must be repeatable (`drop table if exists`) or undone here. */
  readonly teardown?: readonly string[]
  /** Decides from a report whether the anomaly happened. */
  readonly verdict: (report: InterleavingReport) => Verdict
  /** What PostgreSQL documents for each level (its docs and Hermitage); absent for user scenarios without one. */
  readonly documented?: Readonly<Partial<Record<IsolationLevel, Verdict['outcome']>>>
  /** Where it came from: `built-in` or a file path. */
  readonly source: string
}

/** The table most built-in scenarios start from: `test(id, value)` = (1, 10), (2, 20). */
export const TEST_TABLE: readonly string[] = Object.freeze([
  'drop table if exists test',
  'create table test (id int primary key, value int)',
  'insert into test (id, value) values (1, 10), (2, 20)',
])

/** `begin isolation level {{isolation}}` for each session, in order. */
export function begins(...sessions: string[]): StepSpec[] {
  return sessions.map((session) => ({ session, sql: 'begin isolation level {{isolation}}' }))
}

/** Shorthand for a step. */
export function step(session: string, sql: string): StepSpec {
  return { session, sql }
}

/** True when the last step of `session` committed (its tag is COMMIT, not ROLLBACK). */
export function committed(report: InterleavingReport, session: string): boolean {
  const last = report.steps.filter((s) => s.session === session).at(-1)
  return last?.status === 'ok' && last.tags.at(-1) === 'COMMIT'
}

/** The first column of a step's rows, e.g. the values a `select value` returned. */
export function column(result: StepResult): unknown[] {
  return result.rows.map((r) => r[0])
}

/** How a run that showed no anomaly prevented it: by a serialization failure, by blocking, or by its snapshot. */
export function prevented(report: InterleavingReport): Verdict {
  if (report.steps.some((s) => s.sqlstate === '40001')) {
    return { outcome: 'prevented', how: 'serialization failure (40001)' }
  }
  if (report.steps.some((s) => s.sqlstate === '40P01'))
    return { outcome: 'prevented', how: 'deadlock (40P01)' }
  if (report.steps.some((s) => s.blocked)) return { outcome: 'prevented', how: 'blocked' }
  return { outcome: 'prevented', how: 'snapshot' }
}

/** An anomaly verdict with a description of what was seen. */
export function anomaly(how: string): Verdict {
  return { outcome: 'anomaly', how }
}

/** Substitutes `{{isolation}}` in a scenario's steps. */
export function atLevel(steps: readonly StepSpec[], level: IsolationLevel): StepSpec[] {
  return steps.map((s) => ({ session: s.session, sql: s.sql.replaceAll('{{isolation}}', level) }))
}
