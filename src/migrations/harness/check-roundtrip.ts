/**
 * The `roundtrip` check, in one pass over one database: for each migration, capture, up, down,
 * compare with the capture, up again and compare with the schema after the first up. This
 * catches downs that do not undo their own up, in O(n) migrations instead of O(n²), with two
 * schema captures per step (three with `verifyReapply`, which also compares the second up).
 * @module
 */

import { performance } from 'node:perf_hooks'
import type { ScratchDatabase } from '../../sql/index.js'
import { applyScript } from '../../sql/index.js'
import { round } from './check-up-down.js'
import { compare, failureFrom, type HarnessContext } from './context.js'
import { type CheckReport, checkReport, type MigrationTiming, skipped } from './report.js'
import type { SchemaCapture } from './schema-probe.js'

/**
 * Runs the per-step round trip on the empty `db`; stops at the first failure.
 *
 * @example
 * const report = await runRoundtrip(ctx, db)
 */
export async function runRoundtrip(
  ctx: HarnessContext,
  db: ScratchDatabase,
  options: { readonly verifyReapply?: boolean } = {},
): Promise<CheckReport> {
  const { set } = ctx
  // Cheap captures for the step-to-step equality test; the full probe explains a mismatch.
  const probe = ctx.quickProbe ?? ctx.probe
  if (!set.supportsDown) return skipped(`${set.format} migrations have no down scripts; round trips skipped`)
  if (set.migrations.every((m) => m.repeatable === true || m.down === undefined)) {
    return skipped('no migration has a down script; round trips skipped')
  }
  const notes: string[] = []
  let current: SchemaCapture | undefined
  const timings: MigrationTiming[] = []
  for (const m of set.migrations) {
    const started = performance.now()
    if (m.repeatable !== true && m.down === undefined && !ctx.isIrreversible(m)) {
      return checkReport([
        {
          migration: m.name,
          kind: 'missing-down',
          file: m.up.file,
          details: `${m.name} has no down script. Add one, or declare it irreversible (--irreversible ${m.name}).`,
        },
      ])
    }
    // The schema after the previous step's second up is this step's starting point: reuse it.
    const before = m.down === undefined ? undefined : (current ?? (await probe.capture(db.session)))
    current = undefined
    try {
      await applyScript(db.session, m, 'up', ctx.hooks)
    } catch (err) {
      return checkReport([failureFrom(err, m.name, 'up-failed')])
    }
    if (before === undefined) {
      if (m.repeatable !== true) notes.push(m.name)
      continue
    }
    const after = await probe.capture(db.session)
    try {
      await applyScript(db.session, m, 'down', ctx.hooks)
    } catch (err) {
      return checkReport([failureFrom(err, m.name, 'down-failed')])
    }
    let undone = compare(ctx, before, await probe.capture(db.session))
    if (undone.length > 0 && probe !== ctx.probe) {
      undone = await explain(ctx, db, set.migrations.indexOf(m))
      if (undone.length === 0) current = undefined
    }
    if (undone.length > 0) {
      return checkReport([
        {
          migration: m.name,
          kind: 'roundtrip-mismatch',
          file: m.down!.file,
          line: m.down!.line,
          details: [`the down of ${m.name} does not undo its up:`, ...undone],
        },
      ])
    }
    try {
      await applyScript(db.session, m, 'up', ctx.hooks)
    } catch (err) {
      return checkReport([failureFrom(err, m.name, 'reapply-failed')])
    }
    // The second up starts from a schema proven equal to `before`, so it normally ends at `after`:
    // reuse that capture unless asked to verify it (one capture fewer per step).
    current = options.verifyReapply === true ? await probe.capture(db.session) : after
    let again = options.verifyReapply === true ? compare(ctx, after, current) : []
    if (again.length > 0 && probe !== ctx.probe) {
      again = await explain(ctx, db, set.migrations.indexOf(m) + 1)
      if (again.length === 0) current = undefined
    }
    if (again.length > 0) {
      return checkReport([
        {
          migration: m.name,
          kind: 'roundtrip-mismatch',
          file: m.up.file,
          details: [
            `${m.name} applied after its down gives a different schema than the first time:`,
            ...again,
          ],
        },
      ])
    }
    timings.push({ migration: m.name, ms: round(performance.now() - started) })
  }
  return checkReport([], {
    timings,
    ...(notes.length > 0 ? { skipped: `declared irreversible, not round-tripped: ${notes.join(', ')}` } : {}),
  })
}

/**
 * Differences, by the full probe, between `db` and a fresh database with the first `count`
 * migrations applied: rebuilt only when the quick probe saw a mismatch.
 */
async function explain(ctx: HarnessContext, db: ScratchDatabase, count: number): Promise<string[]> {
  const reference = await ctx.newDatabase()
  try {
    for (const m of ctx.set.migrations.slice(0, count))
      await applyScript(reference.session, m, 'up', ctx.hooks)
    return compare(ctx, await ctx.probe.capture(reference.session), await ctx.probe.capture(db.session))
  } finally {
    await reference.drop()
  }
}
