/**
 * Builds the frozen report of an interleaving, and compares rows as multisets.
 * @module
 */
import type { DeadlockEvent, InterleavingReport, StepResult } from './scenario.js'

/** Freezes the parts of a report and adds `step(i)`. */
export function buildReport(parts: {
  name: string
  sessions: readonly string[]
  steps: readonly StepResult[]
  final: readonly (readonly unknown[])[] | null
  finalColumns: readonly string[]
  deadlocks: readonly DeadlockEvent[]
  timedOut: boolean
}): InterleavingReport {
  const steps = Object.freeze(parts.steps.map((s) => Object.freeze(s)))
  const report: InterleavingReport = {
    kind: 'interleaving-report',
    name: parts.name,
    sessions: Object.freeze([...parts.sessions]),
    steps,
    final: parts.final,
    finalColumns: parts.finalColumns,
    deadlocks: Object.freeze([...parts.deadlocks]),
    timedOut: parts.timedOut,
    step(index: number): StepResult {
      const found = steps[index]
      if (found === undefined) {
        throw new RangeError(
          `Step ${index} does not exist: scenario "${parts.name}" has steps 0 to ${steps.length - 1} (indexes count from 0).`,
        )
      }
      return found
    },
  }
  return Object.freeze(report)
}

/**
 * Rows sorted by their JSON text, so two results compare equal as multisets whatever the
 * physical row order (an updated row comes back last).
 *
 * @example
 * expect(sortRows(report.final!)).toEqual(sortRows([[1, 'a'], [2, 'b']]))
 */
export function sortRows(rows: readonly (readonly unknown[])[]): unknown[][] {
  return rows
    .map((r) => [...r])
    .sort((a, b) => {
      const x = JSON.stringify(a)
      const y = JSON.stringify(b)
      return x < y ? -1 : x > y ? 1 : 0
    })
}

/**
 * True when two row lists hold the same rows, ignoring order (and comparing values through JSON,
 * so `10` and `'10'` differ).
 *
 * @example
 * sameRows([[2], [1]], [[1], [2]]) // true
 */
export function sameRows(a: readonly (readonly unknown[])[], b: readonly (readonly unknown[])[]): boolean {
  return JSON.stringify(sortRows(a)) === JSON.stringify(sortRows(b))
}
