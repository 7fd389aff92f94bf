/**
 * The migration test harness: runs the requested checks, each on its own scratch database
 * (created on the given server, always dropped), and returns one plain-data report.
 * @module
 */

import type { MigrationSet } from '../../sql/index.js'
import {
  applyScript,
  createScratchDatabase,
  type MigrationHooks,
  runHook,
  type ScratchDatabase,
} from '../../sql/index.js'
import { runDrift } from './check-drift.js'
import { runIdempotent } from './check-idempotent.js'
import { type LockBudgets, runLocks } from './check-locks.js'
import { type PreserveOptions, runPreserve } from './check-preserve.js'
import { runRoundtrip } from './check-roundtrip.js'
import { runDowns, runUps } from './check-up-down.js'
import { failureFrom, type HarnessContext } from './context.js'
import { schemaProbe } from './model-probe.js'
import type { IgnorableKind } from './object-kinds.js'
import {
  CHECK_NAMES,
  type CheckName,
  type CheckReport,
  checkReport,
  type MigrationReport,
  skipped,
} from './report.js'
import { catalogProbe, type SchemaProbe } from './schema-probe.js'

/** Options of `testMigrations`. */
export interface TestMigrationsOptions extends MigrationHooks {
  /** Admin URL of the server to create scratch databases on (needs CREATEDB). */
  readonly server: string
  /** Database name prefix; databases are named `<prefix>_mig_<random>`. Default `pgt`. */
  readonly prefix?: string
  /** Checks to run; default all but `drift`/`preserve`/`locks` unless their inputs are given. */
  readonly checks?: readonly CheckName[]
  /** Migrations (names or ids) the project declares irreversible: down checks stop there. */
  readonly irreversible?: readonly string[]
  /** The declared schema for `drift`: a `schema.sql` file. */
  readonly declared?: string
  /** Data and assertions for `preserve`. */
  readonly preserve?: PreserveOptions
  /** `roundtrip`: also capture and compare the schema after each second up (slower). */
  readonly verifyReapply?: boolean
  /** `idempotent`: also re-run every up on the migrated database; it must not fail. */
  readonly rerunEach?: boolean
  /** Globs of qualified object names comparisons ignore, e.g. `public.schema_migrations`. */
  readonly ignore?: readonly string[]
  /** Whole kinds comparisons ignore, e.g. `['view', 'function', 'trigger']`. */
  readonly ignoreKinds?: readonly IgnorableKind[]
  /**
   * `roundtrip`: record a failed step and go on from the schema after that migration's up, so
   * one run reports every broken down (default: stop at the first).
   */
  readonly keepGoing?: boolean
  /**
   * `locks`: budgets on what migrations really lock and rewrite (measured on the preserve data
   * when given); setting them turns the check on by default.
   */
  readonly locks?: LockBudgets
  /** How schemas are captured and compared; default `schemaProbe` (pgtestbed/schema). */
  readonly probe?: SchemaProbe
  /**
   * Cheaper captures for the round trip's step-to-step equality test (a mismatch is then
   * rebuilt once and explained by `probe`); default `catalogProbe`, `false` to use `probe`.
   */
  readonly quickProbe?: SchemaProbe | false
}

/**
 * Tests a migration set against real PostgreSQL and reports each check separately.
 *
 * @example
 * const set = await readMigrations('db/migrations')
 * const report = await testMigrations(set, { server: 'postgres://postgres@127.0.0.1:5432/postgres' })
 * if (!report.ok) console.error(report.checks.roundtrip?.failures)
 */
export async function testMigrations(
  set: MigrationSet,
  options: TestMigrationsOptions,
): Promise<MigrationReport> {
  const wanted = new Set<CheckName>(
    options.checks ??
      CHECK_NAMES.filter(
        (c) =>
          (c !== 'drift' || options.declared !== undefined) &&
          (c !== 'preserve' || options.preserve !== undefined) &&
          (c !== 'locks' || options.locks !== undefined),
      ),
  )
  const hooks: MigrationHooks = {
    ...(options.setup !== undefined ? { setup: options.setup } : {}),
    ...(options.beforeEach !== undefined ? { beforeEach: options.beforeEach } : {}),
    ...(options.placeholders !== undefined ? { placeholders: options.placeholders } : {}),
  }
  const irreversible = new Set(options.irreversible ?? [])
  const opened: ScratchDatabase[] = []
  const ctx: HarnessContext = {
    set,
    hooks,
    probe: options.probe ?? schemaProbe,
    ...(options.quickProbe === false ? {} : { quickProbe: options.quickProbe ?? catalogProbe }),
    ignore: options.ignore ?? [],
    ignoreKinds: options.ignoreKinds ?? [],
    startedAt: Date.now(),
    notes: new Set(),
    isIrreversible: (m) => irreversible.has(m.name) || irreversible.has(m.id),
    async newDatabase() {
      const db = await createScratchDatabase(options.server, {
        prefix: options.prefix ?? 'pgt',
        purpose: 'mig',
      })
      opened.push(db)
      if (hooks.setup !== undefined) await runHook(db.session, hooks.setup, 'setup hook')
      return db
    },
  }
  const checks: Partial<Record<CheckName, CheckReport>> = {}
  try {
    if (['up', 'down', 'drift', 'timing'].some((c) => wanted.has(c as CheckName))) {
      const db = await ctx.newDatabase()
      const run = await runUps(ctx, db)
      if (wanted.has('up')) checks.up = run.up
      if (wanted.has('timing')) checks.timing = checkReport([], { timings: run.timings })
      const blocked = skipped('not run: the up check failed')
      if (wanted.has('drift')) {
        checks.drift =
          options.declared === undefined
            ? skipped('no declared schema given (--schema FILE)')
            : run.migrated === undefined
              ? blocked
              : await runDrift(ctx, await ctx.newDatabase(), run.migrated, options.declared)
      }
      if (wanted.has('down')) {
        checks.down =
          run.migrated === undefined
            ? blocked
            : await runDowns(ctx, db, run.empty, async (index) => {
                const partial = await ctx.newDatabase()
                for (const m of set.migrations.slice(0, index + 1))
                  await applyScript(partial.session, m, 'up', hooks)
                const capture = await ctx.probe.capture(partial.session)
                await partial.drop()
                return capture
              })
      }
      await db.drop()
    }
    if (wanted.has('roundtrip'))
      checks.roundtrip = await guarded(() =>
        ctx.newDatabase().then((db) =>
          runRoundtrip(ctx, db, {
            verifyReapply: options.verifyReapply === true,
            keepGoing: options.keepGoing === true,
          }),
        ),
      )
    if (wanted.has('idempotent')) {
      checks.idempotent = await guarded(() =>
        ctx.newDatabase().then((db) => runIdempotent(ctx, db, { rerunEach: options.rerunEach === true })),
      )
    }
    if (wanted.has('locks')) {
      checks.locks = await guarded(() =>
        ctx.newDatabase().then((db) => runLocks(ctx, db, options.preserve, options.locks)),
      )
    }
    if (wanted.has('preserve')) {
      if (options.preserve === undefined) checks.preserve = skipped('no preserve data given')
      else {
        const preserve = options.preserve
        const { report, timings } = await runPreserve(ctx, await ctx.newDatabase(), preserve)
        checks.preserve = report
        if (checks.timing !== undefined) checks.timing = { ...checks.timing, timingsWithData: timings }
      }
    }
  } finally {
    await Promise.all(opened.map((db) => db.drop().catch(() => undefined)))
  }
  return Object.freeze({
    kind: 'migration-report',
    ok: Object.values(checks).every((c) => c.ok),
    format: set.format,
    dir: set.dir,
    migrations: set.migrations.map((m) => m.name),
    checks,
    ...(ctx.notes.size > 0 ? { notes: [...ctx.notes] } : {}),
  })
}

async function guarded(run: () => Promise<CheckReport>): Promise<CheckReport> {
  try {
    return await run()
  } catch (err) {
    return checkReport([failureFrom(err, '(setup)', 'setup-failed')])
  }
}
