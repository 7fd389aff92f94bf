/**
 * The `idempotent` check: running the runner again is a no-op (nothing applied, schema
 * unchanged); optionally every up re-run on the migrated database must not fail.
 * @module
 */

import type { ScratchDatabase } from '../../sql/index.js'
import { applyScript, MigrationError } from '../../sql/index.js'
import { migrate } from '../migrate.js'
import { compare, failureFrom, type HarnessContext } from './context.js'
import { type CheckFailure, type CheckReport, checkReport } from './report.js'

/**
 * Runs the idempotency check on the empty `db`.
 *
 * @example
 * const report = await runIdempotent(ctx, db, { rerunEach: true })
 */
export async function runIdempotent(
  ctx: HarnessContext,
  db: ScratchDatabase,
  options: { readonly rerunEach?: boolean } = {},
): Promise<CheckReport> {
  const hooks = { ...ctx.hooks, setup: undefined }
  try {
    await migrate(db.session, ctx.set, hooks)
  } catch (err) {
    const name = err instanceof MigrationError ? err.migration : undefined
    return checkReport([failureFrom(err, name ?? ctx.set.migrations[0]!.name, 'up-failed')])
  }
  const first = await ctx.probe.capture(db.session)
  const failures: CheckFailure[] = []
  const second = await migrate(db.session, ctx.set, hooks)
  for (const step of second.steps) {
    failures.push({
      migration: step.name,
      kind: 'not-idempotent',
      details: `the runner applied ${step.name} again on a fully migrated database`,
    })
  }
  const changed = compare(ctx, first, await ctx.probe.capture(db.session))
  if (changed.length > 0) {
    failures.push({
      migration: ctx.set.migrations.at(-1)!.name,
      kind: 'not-idempotent',
      details: ['running the runner again changed the schema:', ...changed],
    })
  }
  if (options.rerunEach === true) {
    for (const m of ctx.set.migrations) {
      try {
        await applyScript(db.session, m, 'up', ctx.hooks)
      } catch (err) {
        failures.push(failureFrom(err, m.name, 'not-idempotent'))
      }
    }
  }
  return checkReport(failures)
}
