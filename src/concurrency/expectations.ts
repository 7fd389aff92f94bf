/**
 * Declared expectations of file scenarios (`isolation run`), and `anomalyIf` conditions of user
 * anomaly scenarios (`isolation check --dir`). Both compare rows as multisets.
 * @module
 */
import { classifyError } from './classify-error.js'
import { sameRows } from './report.js'
import type { InterleavingReport, StepResult, StepStatus } from './scenario.js'

/** What a step should have done; every given field must match. */
export interface StepExpectation {
  readonly status?: StepStatus
  readonly blocked?: boolean
  /** A SQLSTATE or error class (`40001`, `serialization-failure`), null for "no error", or a list of these (any). */
  readonly sqlstate?: string | null | readonly (string | null)[]
  /** Rows, compared ignoring order. */
  readonly rows?: readonly (readonly unknown[])[]
  readonly tags?: readonly string[]
  readonly unblockedBy?: number | null
}

/** What the whole scenario should end with. */
export interface ScenarioExpectation {
  /** Rows of `final`, compared ignoring order. */
  readonly final?: readonly (readonly unknown[])[]
}

/** Conditions that, all together, mean the anomaly happened. */
export interface AnomalyCondition {
  /** These sessions all ended with a real COMMIT. */
  readonly committed?: readonly string[]
  /** `final` returned these rows (any order). */
  readonly final?: readonly (readonly unknown[])[]
  /** These steps (by index from 0) did this. */
  readonly steps?: Readonly<Record<string, StepExpectation>>
}

/**
 * Mismatches between a step and what was expected, as sentences; empty when it matched.
 *
 * @example
 * stepMismatches(report.step(3), { blocked: true, sqlstate: '40001' }) // []
 */
export function stepMismatches(step: StepResult, expected: StepExpectation): string[] {
  const out: string[] = []
  const label = `step ${step.index} (${step.session})`
  if (expected.status !== undefined && step.status !== expected.status) {
    out.push(`${label}: expected status ${expected.status}, got ${step.status}${reason(step)}`)
  }
  if (expected.blocked !== undefined && step.blocked !== expected.blocked) {
    out.push(
      `${label}: expected ${expected.blocked ? '' : 'not '}to be blocked, but it was${step.blocked ? '' : ' not'}`,
    )
  }
  if (expected.sqlstate !== undefined) {
    // null stands for "no error"; a list means any of its entries.
    const wanted = Array.isArray(expected.sqlstate) ? expected.sqlstate : [expected.sqlstate]
    const cls =
      step.status === 'error'
        ? classifyError(step.error ?? { code: step.sqlstate, message: step.message }).class
        : null
    const ok = wanted.some((w) =>
      w === null ? step.status === 'ok' : step.status === 'error' && (w === step.sqlstate || w === cls),
    )
    if (!ok) {
      const names = wanted.map((w) => (w === null ? 'no error' : `error ${w}`)).join(' or ')
      out.push(
        `${label}: expected ${names}, got ${step.status === 'error' ? `${step.sqlstate} (${step.message})` : step.status}`,
      )
    }
  }
  if (expected.rows !== undefined && !sameRows(step.rows, expected.rows)) {
    out.push(
      `${label}: expected rows ${JSON.stringify(expected.rows)} (any order), got ${JSON.stringify(step.rows)}${reason(step)}`,
    )
  }
  if (expected.tags !== undefined && JSON.stringify(step.tags) !== JSON.stringify(expected.tags)) {
    out.push(
      `${label}: expected tags ${JSON.stringify(expected.tags)}, got ${JSON.stringify(step.tags)}${reason(step)}`,
    )
  }
  if (expected.unblockedBy !== undefined && step.unblockedBy !== expected.unblockedBy) {
    out.push(`${label}: expected to be released by step ${expected.unblockedBy}, got ${step.unblockedBy}`)
  }
  return out
}

/**
 * Every mismatch of a report against per-step and scenario expectations.
 *
 * @example
 * const failures = reportMismatches(report, { 3: { blocked: true } }, { final: [[1]] })
 */
export function reportMismatches(
  report: InterleavingReport,
  steps: Readonly<Record<string, StepExpectation>>,
  scenario: ScenarioExpectation = {},
): string[] {
  const out: string[] = []
  for (const [index, expected] of Object.entries(steps)) {
    out.push(...stepMismatches(report.step(Number(index)), expected))
  }
  if (scenario.final !== undefined && !sameRows(report.final ?? [], scenario.final)) {
    out.push(
      `final: expected ${JSON.stringify(scenario.final)} (any order), got ${JSON.stringify(report.final)}`,
    )
  }
  return out
}

/**
 * True when every condition holds (the anomaly happened).
 *
 * @example
 * anomalyHappened(report, { committed: ['T1', 'T2'] })
 */
export function anomalyHappened(report: InterleavingReport, condition: AnomalyCondition): boolean {
  const committedAll = (condition.committed ?? []).every((s) => {
    const last = report.steps.filter((r) => r.session === s).at(-1)
    return last?.status === 'ok' && last.tags.at(-1) === 'COMMIT'
  })
  return (
    committedAll &&
    reportMismatches(report, condition.steps ?? {}, {
      ...(condition.final ? { final: condition.final } : {}),
    }).length === 0
  )
}

function reason(step: StepResult): string {
  if (step.status === 'ok') return ''
  return ` (${[step.status, step.sqlstate, step.message].filter((p) => p !== null && p !== '').join(': ')})`
}
