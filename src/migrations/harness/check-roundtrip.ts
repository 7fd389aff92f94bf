/**
 * The `roundtrip` check, in one pass over one database: for each migration, capture, up, down,
 * compare with the capture, up again and compare with the schema after the first up. This
 * catches downs that do not undo their own up, in O(n) migrations instead of O(n²), with two
 * schema captures per step (three with `verifyReapply`, which also compares the second up).
 * With `keepGoing`, a failed step is recorded and the pass resumes from the schema after that
 * migration's up, so one run reports every broken down.
 * @module
 */

import { performance } from 'node:perf_hooks'
import type { Migration, ScratchDatabase } from '../../sql/index.js'
import { applyScript } from '../../sql/index.js'
import { round } from './check-up-down.js'
import { compare, failureFrom, type HarnessContext } from './context.js'
import { type CheckFailure, type CheckReport, checkReport, type MigrationTiming, skipped } from './report.js'
import type { SchemaCapture } from './schema-probe.js'
import { TrailingReference } from './trailing-reference.js'

/** Options of the round trip. */
export interface RoundtripOptions {
  /** Also capture and compare the schema after each second up. */
  readonly verifyReapply?: boolean
  /** Record a failed step and go on from the schema after its up, instead of stopping. */
  readonly keepGoing?: boolean
}

/**
 * Runs the per-step round trip on the empty `db`; stops at the first failure unless `keepGoing`.
 *
 * @example
 * const report = await runRoundtrip(ctx, db, { keepGoing: true })
 */
export async function runRoundtrip(
  ctx: HarnessContext,
  db: ScratchDatabase,
  options: RoundtripOptions = {},
): Promise<CheckReport> {
  const { set } = ctx
  if (!set.supportsDown) return skipped(`${set.format} migrations have no down scripts; round trips skipped`)
  if (set.migrations.every((m) => m.repeatable === true || m.down === undefined)) {
    return skipped('no migration has a down script; round trips skipped')
  }
  // Cheap captures for the step-to-step equality test; the full probe explains a mismatch.
  const probe = ctx.quickProbe ?? ctx.probe
  const reference = new TrailingReference(ctx)
  const failures: CheckFailure[] = []
  const irreversible: string[] = []
  const notes: string[] = []
  const timings: MigrationTiming[] = []
  let current: SchemaCapture | undefined
  try {
    for (const [index, m] of set.migrations.entries()) {
      const started = performance.now()
      const declared = ctx.isIrreversible(m)
      if (m.repeatable !== true && m.down === undefined && !declared) {
        failures.push({
          migration: m.name,
          kind: 'missing-down',
          file: m.up.file,
          details: `${m.name} has no down script. Add one, or declare it irreversible (--irreversible ${m.name}).`,
        })
        if (options.keepGoing !== true) break
      }
      // Declared irreversible: apply the up only, even when the migration has a down script.
      const roundTrip = m.repeatable !== true && m.down !== undefined && !declared
      // The schema after the previous step's second up is this step's starting point: reuse it.
      const before = roundTrip ? (current ?? (await probe.capture(db.session))) : undefined
      current = undefined
      try {
        await applyScript(db.session, m, 'up', ctx.hooks)
      } catch (err) {
        failures.push(failureFrom(err, m.name, 'up-failed'))
        // Later migrations build on this one: nothing after it can be checked.
        if (options.keepGoing === true && index < set.migrations.length - 1)
          notes.push(`stopped at ${m.name}: its up failed, and later migrations build on it`)
        break
      }
      if (before === undefined) {
        if (declared && m.repeatable !== true) irreversible.push(m.name)
        continue
      }
      const after = await probe.capture(db.session)
      const step = await downAndUp(ctx, { db, m, index, before, after, reference, options })
      if (step.failure === undefined) {
        current = step.current
        timings.push({ migration: m.name, ms: round(performance.now() - started) })
        continue
      }
      failures.push(step.failure)
      if (options.keepGoing !== true) break
      const resumed = await resume(ctx, { db, m, index, after, reference })
      db = resumed.db
      current = resumed.current
    }
  } finally {
    await reference.drop()
  }
  return checkReport(failures, {
    timings,
    ...(irreversible.length > 0
      ? { skipped: `declared irreversible, not round-tripped: ${irreversible.join(', ')}` }
      : {}),
    ...(notes.length > 0 ? { notes } : {}),
  })
}

interface Step {
  readonly db: ScratchDatabase
  readonly m: Migration
  readonly index: number
  readonly before: SchemaCapture
  readonly after: SchemaCapture
  readonly reference: TrailingReference
  readonly options: RoundtripOptions
}

/** Down, compare with `before`, up again (and compare with `after`): a failure, or the new state. */
async function downAndUp(
  ctx: HarnessContext,
  { db, m, index, before, after, reference, options }: Step,
): Promise<{ failure?: CheckFailure; current?: SchemaCapture }> {
  const probe = ctx.quickProbe ?? ctx.probe
  try {
    await applyScript(db.session, m, 'down', ctx.hooks)
  } catch (err) {
    return { failure: failureFrom(err, m.name, 'down-failed') }
  }
  let undone = compare(ctx, before, await probe.capture(db.session), 'restore')
  if (undone.length > 0 && probe !== ctx.probe) undone = await explain(ctx, db, reference, index, 'restore')
  if (undone.length > 0) {
    return {
      failure: {
        migration: m.name,
        kind: 'roundtrip-mismatch',
        file: m.down!.file,
        line: m.down!.line,
        details: [`the down of ${m.name} does not undo its up:`, ...undone],
      },
    }
  }
  try {
    await applyScript(db.session, m, 'up', ctx.hooks)
  } catch (err) {
    return { failure: failureFrom(err, m.name, 'reapply-failed') }
  }
  // The second up starts from a schema proven equal to `before`, so it normally ends at `after`:
  // reuse that capture unless asked to verify it (one capture fewer per step).
  if (options.verifyReapply !== true) return { current: after }
  const current = await probe.capture(db.session)
  let again = compare(ctx, after, current)
  if (again.length > 0 && probe !== ctx.probe) again = await explain(ctx, db, reference, index + 1, 'risk')
  if (again.length === 0) return { current }
  return {
    failure: {
      migration: m.name,
      kind: 'roundtrip-mismatch',
      file: m.up.file,
      details: [`${m.name} applied after its down gives a different schema than the first time:`, ...again],
    },
  }
}

/**
 * Brings the round trip back to the schema after `m`'s up: often the database is already there
 * (a transactional down that failed was rolled back) or the up applies again over what the down
 * left; otherwise the trailing reference, advanced to that point, takes over.
 */
async function resume(
  ctx: HarnessContext,
  { db, m, index, after, reference }: Omit<Step, 'before' | 'options'>,
): Promise<{ db: ScratchDatabase; current: SchemaCapture | undefined }> {
  const probe = ctx.quickProbe ?? ctx.probe
  const there = async () => compare(ctx, after, await probe.capture(db.session)).length === 0
  // A down that failed in a transaction, or one that did nothing, left the database there.
  if (await there()) return { db, current: after }
  const reapplied = await applyScript(db.session, m, 'up', ctx.hooks).then(
    () => true,
    () => false,
  )
  if (reapplied && (await there())) return { db, current: after }
  const replacement = await reference.take(index + 1)
  await db.drop()
  return { db: replacement, current: undefined }
}

/**
 * Differences, by the full probe, between `db` and the reference with the first `count`
 * migrations applied: needed only when the quick probe saw a mismatch.
 */
async function explain(
  ctx: HarnessContext,
  db: ScratchDatabase,
  reference: TrailingReference,
  count: number,
  wording: 'restore' | 'risk',
): Promise<string[]> {
  // The reference catches up on its own connection while `db` is captured.
  const [expected, actual] = await Promise.all([
    reference.at(count).then((ref) => ctx.probe.capture(ref.session)),
    ctx.probe.capture(db.session),
  ])
  return compare(ctx, expected, actual, wording)
}
