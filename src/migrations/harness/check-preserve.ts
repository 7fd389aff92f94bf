/**
 * The `preserve` check: load data at a given migration, migrate to the end, then run assertion
 * SQL files whose result rows are violations (e.g. `select id from users where email is null`).
 * @module
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { performance } from 'node:perf_hooks'
import { failure } from '../../errors.js'
import { type LoadFixturesOptions, loadFixtures } from '../../fixtures/index.js'
import type { ScratchDatabase } from '../../sql/index.js'
import {
  applyScript,
  lineAt,
  MigrationError,
  migration,
  pgReason,
  script,
  scriptError,
  scriptPieces,
} from '../../sql/index.js'
import { round } from './check-up-down.js'
import { failureFrom, type HarnessContext } from './context.js'
import { type CheckFailure, type CheckReport, checkReport, type MigrationTiming } from './report.js'

/** Where to load data, and how to check it survived. */
export interface PreserveOptions {
  /** Name or id of the migration after which the data is loaded. */
  readonly at: string
  /** SQL files that insert the data. */
  readonly data?: readonly string[]
  /** A fixture tier to load (pgtestbed/fixtures: `{ dir, version, tier }`), after the SQL files. */
  readonly fixtures?: Pick<LoadFixturesOptions, 'dir' | 'version' | 'tier'>
  /** SQL files; every row they return is a violation. */
  readonly assertions?: readonly string[]
}

/**
 * Runs the preserve check on the empty `db`; also times the later migrations with data present.
 *
 * @example
 * const { report } = await runPreserve(ctx, db, { at: '002_users', data: ['seed.sql'], assertions: ['emails.sql'] })
 */
export async function runPreserve(
  ctx: HarnessContext,
  db: ScratchDatabase,
  options: PreserveOptions,
): Promise<{ report: CheckReport; timings: MigrationTiming[] }> {
  const { migrations } = ctx.set
  const at = preserveIndex(ctx, options)
  const timings: MigrationTiming[] = []
  for (const [index, m] of migrations.entries()) {
    const started = performance.now()
    try {
      await applyScript(db.session, m, 'up', ctx.hooks)
    } catch (err) {
      return { report: checkReport([failureFrom(err, m.name, 'up-failed')]), timings }
    }
    if (index > at) timings.push({ migration: m.name, ms: round(performance.now() - started) })
    if (index === at) {
      try {
        await loadPreserveData(ctx, db, options)
      } catch (err) {
        return { report: checkReport([failureFrom(err, m.name, 'data-load-failed')]), timings }
      }
    }
  }
  const failures: CheckFailure[] = []
  const last = migrations.at(-1)!.name
  for (const file of options.assertions ?? []) {
    for (const failure of await runAssertions(db, file, `after migrating from ${migrations[at]!.name}`))
      failures.push({ migration: last, ...failure })
  }
  return { report: checkReport(failures), timings }
}

/**
 * Runs an assertion file statement by statement: rows a statement returns are violations
 * (`data-lost`, naming the statement's line), and so is a statement reading a column or table
 * that no longer exists; any other failing statement is `assert-failed` at its file:line, not
 * data loss, and ends the file.
 */
async function runAssertions(
  db: ScratchDatabase,
  file: string,
  when: string,
): Promise<Omit<CheckFailure, 'migration'>[]> {
  const found: Omit<CheckFailure, 'migration'>[] = []
  const sql = await readFile(file, 'utf8')
  for (const piece of await scriptPieces(sql, 'statements')) {
    let rows: unknown[]
    try {
      rows = (await db.session.query(piece.text)).rows
    } catch (err) {
      const where = scriptError(err, sql, piece.offset, { file })
      // A column or table the assertion reads no longer exists: the data went with it.
      const gone = ['42703', '42P01'].includes((err as { code?: string }).code ?? '')
      found.push({
        kind: gone ? 'data-lost' : 'assert-failed',
        file,
        line: where.line,
        ...(where.column === undefined ? {} : { column: where.column }),
        details: gone
          ? `what the assertion reads is gone ${when}: ${pgReason(err)}`
          : `the assertion failed to run: ${pgReason(err)}. Fix the query at that line.`,
      })
      break
    }
    if (rows.length > 0) {
      found.push({
        kind: 'data-lost',
        file,
        line: lineAt(sql, piece.offset).line,
        details: [
          `${rows.length} violation row(s) ${when}:`,
          ...rows.slice(0, 5).map((r) => JSON.stringify(r)),
        ],
      })
    }
  }
  return found
}

/**
 * The index of the migration the data is loaded after; a `MigrationError` naming the choices
 * when no migration has that name or id.
 */
export function preserveIndex(ctx: HarnessContext, options: Pick<PreserveOptions, 'at'>): number {
  const { migrations } = ctx.set
  const at = migrations.findIndex((m) => m.name === options.at || m.id === options.at)
  if (at === -1) {
    throw new MigrationError(
      'PGT_MIGRATION_LAYOUT',
      failure(
        `load preserve data at migration "${options.at}"`,
        'no migration has that name or id',
        `Use one of: ${migrations.map((m) => m.name).join(', ')}.`,
      ),
    )
  }
  return at
}

/** Loads the preserve data (SQL files, then the fixture tier) into `db`; throws naming the file. */
export async function loadPreserveData(
  ctx: HarnessContext,
  db: ScratchDatabase,
  options: PreserveOptions,
): Promise<void> {
  for (const file of options.data ?? []) {
    const load = migration({
      id: 'data',
      name: basename(file),
      up: script(await readFile(file, 'utf8'), file, 1, true),
    })
    await applyScript(db.session, load, 'up', { placeholders: ctx.hooks.placeholders })
  }
  if (options.fixtures !== undefined) await loadFixtures(db.session, options.fixtures)
}
