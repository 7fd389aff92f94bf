/**
 * Field checks of scenario files that the loader shares: step expectations, `anomalyIf`, and
 * small shape tests. Each problem is reported with the path of the offending node.
 * @module
 */
import type { AnomalyCondition, StepExpectation } from './expectations.js'

/** Records one problem at a path inside the file. */
export type Problem = (path: readonly (string | number)[], text: string) => void

const STEP_EXPECT_KEYS = new Set(['status', 'blocked', 'sqlstate', 'rows', 'tags', 'unblockedBy'])

/** Checks a step's `expect` object; returns it when valid. */
export function validateStepExpectation(
  e: unknown,
  at: (string | number)[],
  problem: Problem,
  label: string,
  stepCount: number,
): StepExpectation | undefined {
  if (!isRecord(e)) {
    problem(at, `${label}: "expect" must be an object`)
    return undefined
  }
  let ok = true
  const bad = (key: string, text: string) => {
    ok = false
    problem([...at, key], `${label}: ${text}`)
  }
  for (const key of Object.keys(e)) {
    if (!STEP_EXPECT_KEYS.has(key))
      bad(key, `unknown expectation "${key}" (known: ${[...STEP_EXPECT_KEYS].join(', ')})`)
  }
  if (e['status'] !== undefined && !['ok', 'error', 'timeout'].includes(e['status'] as string)) {
    bad('status', '"status" must be ok, error or timeout')
  }
  if (e['blocked'] !== undefined && typeof e['blocked'] !== 'boolean')
    bad('blocked', '"blocked" must be true or false')
  const s = e['sqlstate']
  if (
    s !== undefined &&
    s !== null &&
    typeof s !== 'string' &&
    !(Array.isArray(s) && s.every((x) => typeof x === 'string' || x === null))
  ) {
    bad('sqlstate', '"sqlstate" must be a SQLSTATE or error class, null for no error, or a list of these')
  }
  if (e['rows'] !== undefined && !isRows(e['rows'])) bad('rows', '"rows" must be a list of rows (lists)')
  if (
    e['tags'] !== undefined &&
    !(Array.isArray(e['tags']) && e['tags'].every((t) => typeof t === 'string'))
  ) {
    bad('tags', '"tags" must be a list of command tags')
  }
  const u = e['unblockedBy']
  if (
    u !== undefined &&
    u !== null &&
    !(Number.isInteger(u) && (u as number) >= 0 && (u as number) < stepCount)
  ) {
    bad('unblockedBy', `"unblockedBy" must be a step index from 0 to ${stepCount - 1}, or null`)
  }
  return ok ? (e as StepExpectation) : undefined
}

/** Checks an `anomalyIf` object; returns it (problems are reported through `problem`). */
export function validateAnomalyIf(
  a: unknown,
  at: (string | number)[],
  problem: Problem,
  rawSteps: unknown,
): AnomalyCondition | undefined {
  if (!isRecord(a) || Object.keys(a).length === 0) {
    problem(at, '"anomalyIf" must hold at least one of committed, final, steps')
    return undefined
  }
  const stepCount = Array.isArray(rawSteps) ? rawSteps.length : 0
  for (const key of Object.keys(a)) {
    if (!['committed', 'final', 'steps'].includes(key))
      problem([...at, key], `unknown anomalyIf field "${key}" (known: committed, final, steps)`)
  }
  const c = a['committed']
  if (c !== undefined && !(Array.isArray(c) && c.every((x) => typeof x === 'string'))) {
    problem([...at, 'committed'], '"anomalyIf.committed" must be a list of session names')
  }
  if (a['final'] !== undefined && !isRows(a['final']))
    problem([...at, 'final'], '"anomalyIf.final" must be a list of rows')
  const steps = a['steps']
  if (steps !== undefined) {
    if (!isRecord(steps)) problem([...at, 'steps'], '"anomalyIf.steps" maps step indexes to expectations')
    else {
      for (const [k, v] of Object.entries(steps)) {
        const i = Number(k)
        if (!Number.isInteger(i) || i < 0 || i >= stepCount) {
          problem(
            [...at, 'steps', k],
            `"anomalyIf.steps" key ${k} is not a step index (0 to ${stepCount - 1})`,
          )
        } else validateStepExpectation(v, [...at, 'steps', k], problem, `anomalyIf step ${k}`, stepCount)
      }
    }
  }
  return a as AnomalyCondition
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** An SQL string or a list of them. */
export function isSqlList(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))
}

/** A list of rows, each a list. */
export function isRows(v: unknown): boolean {
  return Array.isArray(v) && v.every((r) => Array.isArray(r))
}
