/**
 * Deadlock scenarios: N sessions each lock their own row, then each asks for the next one's
 * row, closing a cycle the server must break with 40P01.
 * @module
 */
import { interleave } from './interleave.js'
import type { InterleavingReport, ScenarioSpec, StepSpec } from './scenario.js'

/** Options of `deadlockScenario` / `runDeadlock`. */
export interface DeadlockOptions {
  /** Sessions in the cycle, at least 2; default 2 (the classic two-resource deadlock). */
  readonly parties?: number
  /** Table the scenario creates (and drops); default `pgt_deadlock`. */
  readonly table?: string
}

/** What `runDeadlock` found. */
export interface DeadlockResult {
  readonly kind: 'deadlock-result'
  /** Session aborted with 40P01 (null when the server broke no deadlock). */
  readonly victim: string | null
  readonly victimStep: number | null
  readonly sqlstate: '40P01' | null
  /** From sending the victim's step to its 40P01: about `deadlock_timeout` after it started waiting. */
  readonly detectionMs: number | null
  /** Sessions that committed after the victim was aborted. */
  readonly survivors: readonly string[]
  readonly report: InterleavingReport
}

/**
 * Builds the scenario: T1..TN begin and update row i; then Ti updates row i+1 (TN updates row
 * 1, closing the cycle); then everyone commits.
 *
 * @example
 * const spec = deadlockScenario({ parties: 3 })
 * const report = await interleave({ url, ...spec })
 */
export function deadlockScenario(options: DeadlockOptions = {}): ScenarioSpec {
  const parties = options.parties ?? 2
  if (!Number.isInteger(parties) || parties < 2) {
    throw new RangeError(`A deadlock needs at least 2 parties, got ${parties}. Pass parties: 2 or more.`)
  }
  const table = options.table ?? 'pgt_deadlock'
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) {
    throw new RangeError(`Table name "${table}" must be a plain lower-case identifier.`)
  }
  const names = Array.from({ length: parties }, (_, i) => `T${i + 1}`)
  const steps: StepSpec[] = [
    ...names.map((session, i) => ({
      session,
      sql: `begin; update ${table} set v = v + 1 where id = ${i + 1}`,
    })),
    ...names.map((session, i) => ({
      session,
      sql: `update ${table} set v = v + 1 where id = ${((i + 1) % parties) + 1}`,
    })),
    ...names.map((session) => ({ session, sql: 'commit' })),
  ]
  return {
    name: `${parties}-party deadlock`,
    setup: [
      `drop table if exists ${table}`,
      `create table ${table} (id int primary key, v int not null)`,
      `insert into ${table} select g, 0 from generate_series(1, ${parties}) g`,
    ],
    sessions: names,
    steps,
    final: `select id, v from ${table} order by id`,
    teardown: [`drop table if exists ${table}`],
  }
}

/**
 * Runs a deadlock scenario and reports the victim, SQLSTATE and detection time. The victim
 * depends on which waiter's deadlock check runs first; assert that there is exactly one, not
 * which one, unless your test controls the wait order.
 *
 * @example
 * const d = await runDeadlock({ url, parties: 2 })
 * d.sqlstate // '40P01'
 * d.detectionMs // ≈ deadlock_timeout (100 ms in the embedded engine)
 */
export async function runDeadlock(
  options: DeadlockOptions & { readonly url: string; readonly deadlineMs?: number },
): Promise<DeadlockResult> {
  const report = await interleave({
    url: options.url,
    ...deadlockScenario(options),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
  })
  const first = report.deadlocks[0]
  const survivors = report.sessions.filter((s) => {
    const last = report.steps.filter((r) => r.session === s).at(-1)
    return last?.tags.at(-1) === 'COMMIT'
  })
  return {
    kind: 'deadlock-result',
    victim: first?.victimSession ?? null,
    victimStep: first?.victimStep ?? null,
    sqlstate: first === undefined ? null : '40P01',
    detectionMs: first?.detectionMs ?? null,
    survivors,
    report,
  }
}
