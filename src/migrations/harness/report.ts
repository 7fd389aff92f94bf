/**
 * The harness's result report: plain data, one entry per check, ready for `--json`.
 * @module
 */
import type { FormatName } from '../../sql/index.js'
import type { MigrationLockReport } from './check-locks.js'

/** The checks the harness runs. */
export type CheckName = 'up' | 'down' | 'roundtrip' | 'idempotent' | 'drift' | 'preserve' | 'timing' | 'locks'

/** Every check, in the order they run. */
export const CHECK_NAMES: readonly CheckName[] = [
  'up',
  'down',
  'roundtrip',
  'idempotent',
  'drift',
  'preserve',
  'timing',
  'locks',
]

/** What went wrong. */
export type CheckFailureKind =
  | 'up-failed'
  | 'down-failed'
  | 'verify-failed'
  | 'missing-down'
  | 'down-incomplete'
  | 'roundtrip-mismatch'
  | 'reapply-failed'
  | 'not-idempotent'
  | 'drift'
  | 'data-load-failed'
  | 'data-lost'
  | 'assert-failed'
  | 'lock-budget'
  | 'table-rewrite'
  | 'setup-failed'

/** One failure: the migration (its name as it stands in the folder), where, and why. */
export interface CheckFailure {
  readonly migration: string
  readonly kind: CheckFailureKind
  readonly file?: string
  readonly line?: number
  /** 1-based column on `line`, from the PostgreSQL error position. */
  readonly column?: number
  /** A message, or the schema differences one per line. */
  readonly details: string | readonly string[]
}

/** Time one migration's up took. */
export interface MigrationTiming {
  readonly migration: string
  readonly ms: number
}

/** The outcome of one check. */
export interface CheckReport {
  readonly ok: boolean
  /** Why the check did not run (e.g. the format has no downs); `ok` is true then. */
  readonly skipped?: string
  readonly failures: readonly CheckFailure[]
  /**
   * `timing`: each up from empty (and `timingsWithData` after the preserve data loaded);
   * `roundtrip`: each step (up, down, compare, up, compare).
   */
  readonly timings?: readonly MigrationTiming[]
  readonly timingsWithData?: readonly MigrationTiming[]
  /** `locks`: what each migration locked and rewrote, statement by statement. */
  readonly locks?: readonly MigrationLockReport[]
  /** Things worth knowing that are not failures (e.g. where a keep-going run had to stop). */
  readonly notes?: readonly string[]
}

/** The whole report. */
export interface MigrationReport {
  readonly kind: 'migration-report'
  readonly ok: boolean
  readonly format: FormatName
  readonly dir: string
  /** Migration names in the order they apply. */
  readonly migrations: readonly string[]
  readonly checks: Partial<Record<CheckName, CheckReport>>
  /** Hints about differences not counted as failures (timestamps frozen at creation). */
  readonly notes?: readonly string[]
}

/** A passing or failing report from failures. */
export function checkReport(
  failures: readonly CheckFailure[],
  extra: Partial<CheckReport> = {},
): CheckReport {
  return Object.freeze({ ok: failures.length === 0, failures: Object.freeze([...failures]), ...extra })
}

/** A skipped check (counts as ok). */
export function skipped(why: string): CheckReport {
  return Object.freeze({ ok: true, skipped: why, failures: Object.freeze([]) })
}
