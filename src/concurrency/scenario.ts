/**
 * The data model of scripted interleavings: what a scenario says, and what the runner reports.
 * Everything the runner returns is frozen plain data tagged with `kind`.
 * @module
 */

/** One step: SQL sent by one session. Several statements in one string run as one simple query. */
export interface StepSpec {
  readonly session: string
  readonly sql: string
}

/** Per-session options: SQL run on the session's connection before the first step. */
export interface SessionSpec {
  readonly setup?: string | readonly string[]
}

/**
 * A scripted interleaving of several sessions.
 *
 * @example
 * const scenario: ScenarioSpec = {
 *   name: 'lost update',
 *   setup: ['create table t (id int primary key, v int)', 'insert into t values (1, 10)'],
 *   steps: [
 *     { session: 'T1', sql: 'begin' },
 *     { session: 'T2', sql: 'begin' },
 *     { session: 'T1', sql: 'update t set v = 11 where id = 1' },
 *     { session: 'T2', sql: 'update t set v = 12 where id = 1' }, // blocks on T1
 *     { session: 'T1', sql: 'commit' }, // unblocks step 3
 *     { session: 'T2', sql: 'commit' },
 *   ],
 *   final: 'select v from t',
 * }
 */
export interface ScenarioSpec {
  readonly name?: string
  /** SQL run first on a separate connection, each string as one simple query. */
  readonly setup?: string | readonly string[]
  /**
   * The sessions, as names or as a record of per-session options; default: the sessions the
   * steps name, in order of first use. When given, a step naming another session is an error.
   */
  readonly sessions?: readonly string[] | Readonly<Record<string, SessionSpec>>
  readonly steps: readonly StepSpec[]
  /** SQL run after every session has finished and closed; its rows are reported. */
  readonly final?: string
  /** SQL run last (after `final`), e.g. to drop what setup created. */
  readonly teardown?: string | readonly string[]
}

/** What a step ended as: `ok`, `error` (with a SQLSTATE), or `timeout` (never finished before the deadline). */
export type StepStatus = 'ok' | 'error' | 'timeout'

/** The result of one step of a scenario. Indexes count from 0 in step order. */
export interface StepResult {
  readonly kind: 'step-result'
  readonly index: number
  readonly session: string
  readonly sql: string
  /** The final outcome of the step. */
  readonly status: StepStatus
  /** True when the step waited on a lock held by another session. */
  readonly blocked: boolean
  /** Sessions holding the lock the step waited on when it was first seen blocked. */
  readonly blockedBy: readonly string[]
  /** Index of the step whose completion released this blocked step; null when not blocked or self-resolved. */
  readonly unblockedBy: number | null
  /** Index of an earlier blocked step of the same session that this step queued behind; null when it ran in turn. */
  readonly waitedFor: number | null
  /** Command tags as the server sent them, one per statement that completed (`UPDATE 2`, `COMMIT`, `ROLLBACK`). */
  readonly tags: readonly string[]
  /** Column names of `rows`. */
  readonly columns: readonly string[]
  /** Rows of the last statement that returned rows, each an array of values in column order. */
  readonly rows: readonly (readonly unknown[])[]
  /** SQLSTATE when `status` is `error`. */
  readonly sqlstate: string | null
  /** Error message, or why the step timed out. */
  readonly message: string | null
  readonly detail: string | null
  /** Milliseconds from the start of the steps to when this step was sent / finished (null when not run or unfinished). */
  readonly startedAtMs: number | null
  readonly finishedAtMs: number | null
  /** The driver's error object, for `classifyError` (not serialized to JSON). */
  readonly error?: unknown
}

/** A deadlock the server broke: which step was the victim and how long detection took. */
export interface DeadlockEvent {
  readonly kind: 'deadlock'
  readonly victimSession: string
  readonly victimStep: number
  readonly sqlstate: '40P01'
  /** From sending the victim's step to receiving its 40P01; about `deadlock_timeout` when it waited first. */
  readonly detectionMs: number
  readonly detail: string | null
}

/** What `interleave()` returns. `step(i)` reads a step result by index (from 0). */
export interface InterleavingReport {
  readonly kind: 'interleaving-report'
  readonly name: string
  readonly sessions: readonly string[]
  readonly steps: readonly StepResult[]
  /** Rows of `final`, or null when the scenario has none. */
  readonly final: readonly (readonly unknown[])[] | null
  readonly finalColumns: readonly string[]
  readonly deadlocks: readonly DeadlockEvent[]
  /** True when the deadline passed with steps unfinished. */
  readonly timedOut: boolean
  /** The step result at `index`; throws a RangeError naming the valid range otherwise. */
  step(index: number): StepResult
}
