/**
 * Test-runner matchers for step results, in the `expect.extend` shape vitest and jest share.
 * Nothing here imports a test runner.
 * @module
 */
import { classifyError, type ErrorClass } from './classify-error.js'
import { sameRows } from './report.js'
import type { StepResult } from './scenario.js'

interface MatcherResult {
  pass: boolean
  message: () => string
  actual?: unknown
  expected?: unknown
}

/** The matcher methods, for declaring them on your runner's `Assertion` type (see docs/concurrency.md). */
export interface ConcurrencyMatchers<R = unknown> {
  /** The step waited on a lock held by another session. */
  toBeBlocked(): R
  /** The step finished without an error. */
  toSucceed(): R
  /** The step failed with this SQLSTATE (`'40001'`) or error class (`'serialization-failure'`). */
  toFailWith(expected: string): R
  /** The step was blocked and released by step `index`. */
  toBeUnblockedBy(index: number): R
  /** The step never finished before the deadline. */
  toTimeOut(): R
  /** The step ended with a real COMMIT (not the ROLLBACK tag of a failed transaction). */
  toCommit(): R
  /** The step returned these rows, compared as a multiset (order ignored). */
  toReturnRows(rows: readonly (readonly unknown[])[]): R
}

function describe(step: StepResult): string {
  const base = `step ${step.index} (${step.session}: ${step.sql})`
  const outcome =
    step.status === 'error'
      ? `error ${step.sqlstate}: ${step.message}`
      : step.status === 'timeout'
        ? `timeout: ${step.message}`
        : `ok [${step.tags.join(', ')}]`
  const blocked = step.blocked
    ? `, blocked by ${step.blockedBy.join(', ') || '?'}, released by step ${step.unblockedBy}`
    : ''
  return `${base} → ${outcome}${blocked}`
}

function isStep(value: unknown): value is StepResult {
  return (value as StepResult | undefined)?.kind === 'step-result'
}

function check(
  received: unknown,
  test: (s: StepResult) => boolean,
  what: string,
  isNot?: boolean,
): MatcherResult {
  if (!isStep(received)) {
    return { pass: false, message: () => `expected a step result (report.step(i)), got ${typeof received}` }
  }
  const pass = test(received)
  return {
    pass,
    message: () => `expected ${describe(received)} ${isNot ? 'not ' : ''}${what}`,
  }
}

/**
 * Matchers for `expect.extend`.
 *
 * @example
 * import { expect } from 'vitest'
 * import { concurrencyMatchers } from 'pgtestbed/concurrency'
 * expect.extend(concurrencyMatchers)
 * expect(report.step(4)).toBeBlocked()
 * expect(report.step(4)).toFailWith('40001')
 */
export const concurrencyMatchers = {
  toBeBlocked(this: { isNot?: boolean }, received: unknown): MatcherResult {
    return check(received, (s) => s.blocked, 'to be blocked', this?.isNot)
  },
  toSucceed(this: { isNot?: boolean }, received: unknown): MatcherResult {
    return check(received, (s) => s.status === 'ok', 'to succeed', this?.isNot)
  },
  toFailWith(this: { isNot?: boolean }, received: unknown, expected: string): MatcherResult {
    return check(
      received,
      (s) =>
        s.status === 'error' &&
        (s.sqlstate === expected ||
          classifyError(s.error ?? { code: s.sqlstate, message: s.message }).class ===
            (expected as ErrorClass)),
      `to fail with ${expected}`,
      this?.isNot,
    )
  },
  toBeUnblockedBy(this: { isNot?: boolean }, received: unknown, index: number): MatcherResult {
    return check(
      received,
      (s) => s.blocked && s.unblockedBy === index,
      `to be unblocked by step ${index}`,
      this?.isNot,
    )
  },
  toTimeOut(this: { isNot?: boolean }, received: unknown): MatcherResult {
    return check(received, (s) => s.status === 'timeout', 'to time out', this?.isNot)
  },
  toCommit(this: { isNot?: boolean }, received: unknown): MatcherResult {
    return check(received, (s) => s.status === 'ok' && s.tags.at(-1) === 'COMMIT', 'to commit', this?.isNot)
  },
  toReturnRows(
    this: { isNot?: boolean },
    received: unknown,
    rows: readonly (readonly unknown[])[],
  ): MatcherResult {
    const result = check(
      received,
      (s) => s.status === 'ok' && sameRows(s.rows, rows),
      `to return rows ${JSON.stringify(rows)} (any order)`,
      this?.isNot,
    )
    return isStep(received) ? { ...result, actual: received.rows, expected: rows } : result
  },
}
