/**
 * The `up`, `down` and `timing` checks, on one database: all ups from empty (timing each),
 * then the whole down chain back to empty, which must leave nothing behind.
 * @module
 */
import { performance } from 'node:perf_hooks'
import type { ScratchDatabase } from '../../sql/index.js'
import { applyScript } from '../../sql/index.js'
import { compare, failureFrom, type HarnessContext } from './context.js'
import { type CheckFailure, type CheckReport, checkReport, type MigrationTiming, skipped } from './report.js'
import type { SchemaCapture } from './schema-probe.js'

/** What the up run leaves for the other checks. */
export interface UpRun {
  readonly up: CheckReport
  readonly timings: readonly MigrationTiming[]
  /** The schema after all ups, when they all applied. */
  readonly migrated: SchemaCapture | undefined
}

/**
 * Applies every up (and Sqitch verify) in order on `db`, timing each.
 *
 * @example
 * const run = await runUps(ctx, db)
 */
export async function runUps(
  ctx: HarnessContext,
  db: ScratchDatabase,
): Promise<UpRun & { empty: SchemaCapture }> {
  const empty = await ctx.probe.capture(db.session)
  const timings: MigrationTiming[] = []
  for (const m of ctx.set.migrations) {
    const started = performance.now()
    try {
      await applyScript(db.session, m, 'up', ctx.hooks)
    } catch (err) {
      return { up: checkReport([failureFrom(err, m.name, 'up-failed')]), timings, migrated: undefined, empty }
    }
    timings.push({ migration: m.name, ms: round(performance.now() - started) })
    try {
      await applyScript(db.session, m, 'verify', ctx.hooks)
    } catch (err) {
      return {
        up: checkReport([failureFrom(err, m.name, 'verify-failed')]),
        timings,
        migrated: undefined,
        empty,
      }
    }
  }
  return { up: checkReport([]), timings, migrated: await ctx.probe.capture(db.session), empty }
}

/**
 * Reverts every migration in reverse order on a fully migrated `db`, then compares with the
 * schema before the first migration. Stops at a migration declared irreversible (and then
 * compares with the schema `upTo` returns for it).
 *
 * @example
 * const report = await runDowns(ctx, db, run.empty, upTo)
 */
export async function runDowns(
  ctx: HarnessContext,
  db: ScratchDatabase,
  empty: SchemaCapture,
  upTo: (index: number) => Promise<SchemaCapture>,
): Promise<CheckReport> {
  const { set } = ctx
  if (!set.supportsDown) return skipped(`${set.format} migrations have no down scripts; down checks skipped`)
  const reversible = set.migrations.filter((m) => m.repeatable !== true)
  if (reversible.every((m) => m.down === undefined)) {
    return skipped('no migration has a down script; down checks skipped')
  }
  const failures: CheckFailure[] = []
  let expected = empty
  for (let i = set.migrations.length - 1; i >= 0; i--) {
    const m = set.migrations[i]!
    if (m.repeatable === true) continue
    // A migration declared irreversible stops the chain, whether or not it has a down script.
    if (ctx.isIrreversible(m)) {
      expected = await upTo(i)
      break
    }
    if (m.down === undefined) {
      failures.push({
        migration: m.name,
        kind: 'missing-down',
        file: m.up.file,
        details: `${m.name} has no down script, so the chain cannot go back past it. Add one, or declare it irreversible (--irreversible ${m.name}).`,
      })
      return checkReport(failures)
    }
    try {
      await applyScript(db.session, m, 'down', ctx.hooks)
    } catch (err) {
      return checkReport([failureFrom(err, m.name, 'down-failed')])
    }
  }
  const left = compare(ctx, expected, await ctx.probe.capture(db.session))
  if (left.length > 0) {
    failures.push({
      migration: set.migrations[0]!.name,
      kind: 'down-incomplete',
      details: ['the whole down chain left these differences behind:', ...left],
    })
  }
  return checkReport(failures)
}

/** Milliseconds with two decimals. */
export function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
