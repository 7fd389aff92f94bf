/**
 * What every check receives: the migrations, the hooks, a way to get a fresh database, and the
 * schema probe.
 * @module
 */
import { messageOf, PgtestbedError } from '../../errors.js'
import type { Migration, MigrationHooks, MigrationSet, ScratchDatabase } from '../../sql/index.js'
import type { IgnorableKind } from './object-kinds.js'
import type { CheckFailure, CheckFailureKind } from './report.js'
import type { SchemaCapture, SchemaProbe } from './schema-probe.js'

/** Shared state of one harness run. */
export interface HarnessContext {
  readonly set: MigrationSet
  readonly hooks: MigrationHooks
  readonly probe: SchemaProbe
  /** A cheaper probe for equality tests in loops (round trips); mismatches are explained by `probe`. */
  readonly quickProbe?: SchemaProbe
  /** Globs of object names the comparisons ignore. */
  readonly ignore: readonly string[]
  /** Whole kinds the comparisons ignore. */
  readonly ignoreKinds: readonly IgnorableKind[]
  /** When the run started (epoch ms): literals frozen since then are not differences. */
  readonly startedAt: number
  /** Hints about differences that were not counted (frozen literals), collected for the report. */
  readonly notes: Set<string>
  /** A fresh empty database with the setup hook applied; the orchestrator drops it. */
  newDatabase(): Promise<ScratchDatabase>
  /** True when the project declared this migration irreversible (by name or id). */
  isIrreversible(m: Migration): boolean
}

/**
 * A failure entry from a thrown error, keeping file, line and column when the error has them
 * (`MigrationError`, and the fixture and schema errors, which carry the same fields).
 */
export function failureFrom(err: unknown, migration: string, kind: CheckFailureKind): CheckFailure {
  if (err instanceof PgtestbedError) {
    const where = err as PgtestbedError & { file?: unknown; line?: unknown; column?: unknown }
    return Object.freeze({
      migration,
      kind,
      ...(typeof where.file === 'string' ? { file: where.file } : {}),
      ...(typeof where.line === 'number' ? { line: where.line } : {}),
      ...(typeof where.column === 'number' ? { column: where.column } : {}),
      details: err.message,
    })
  }
  return Object.freeze({ migration, kind, details: messageOf(err) })
}

/**
 * Differences between two captures, leaving out ignored objects and kinds; `restore` words them
 * for a down that should have brought `expected` back.
 */
export function compare(
  ctx: HarnessContext,
  expected: SchemaCapture,
  actual: SchemaCapture,
  wording: 'risk' | 'restore' = 'risk',
): string[] {
  const probe = expected.probe === ctx.probe.name ? ctx.probe : (ctx.quickProbe ?? ctx.probe)
  return probe.differences(expected, actual, {
    ignore: ctx.ignore,
    ignoreKinds: ctx.ignoreKinds,
    wording,
    frozenSince: ctx.startedAt,
    onNote: (note) => ctx.notes.add(note),
  })
}
