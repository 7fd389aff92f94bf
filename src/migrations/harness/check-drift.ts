/**
 * The `drift` check: the migrated schema must equal the declared one (a `schema.sql` applied to a
 * fresh database, or a snapshot the probe can load).
 * @module
 */
import { readFile } from 'node:fs/promises'
import type { ScratchDatabase } from '../../sql/index.js'
import { applyScript, migration, script } from '../../sql/index.js'
import { compare, failureFrom, type HarnessContext } from './context.js'
import { type CheckReport, checkReport } from './report.js'
import type { SchemaCapture } from './schema-probe.js'

/**
 * Compares `migrated` with the schema declared in `declaredFile`: a snapshot (`.json`, read by
 * the probe) or SQL applied on the empty `db`.
 * psql meta-command lines (`\restrict …` from pg_dump 15.14+, `\connect`) are blanked first.
 *
 * @example
 * const report = await runDrift(ctx, db, migratedCapture, 'db/schema.sql')
 */
export async function runDrift(
  ctx: HarnessContext,
  db: ScratchDatabase,
  migrated: SchemaCapture,
  declaredFile: string,
): Promise<CheckReport> {
  const last = ctx.set.migrations.at(-1)!.name
  let declared: SchemaCapture
  if (declaredFile.endsWith('.json')) {
    if (ctx.probe.load === undefined) {
      return checkReport([
        {
          migration: last,
          kind: 'setup-failed',
          file: declaredFile,
          details: `the ${ctx.probe.name} probe cannot read snapshot files; declare a schema.sql instead`,
        },
      ])
    }
    try {
      declared = await ctx.probe.load(declaredFile)
    } catch (err) {
      return checkReport([{ ...failureFrom(err, last, 'setup-failed'), file: declaredFile }])
    }
  } else {
    const text = await readFile(declaredFile, 'utf8')
    // Keep line numbers: replace psql meta-command lines by empty lines.
    const sql = text
      .split('\n')
      .map((line) => (/^\s*\\/.test(line) ? '' : line))
      .join('\n')
    const script_ = migration({
      id: 'declared',
      name: 'declared schema',
      up: script(sql, declaredFile, 1, true),
    })
    try {
      await applyScript(db.session, script_, 'up', { placeholders: ctx.hooks.placeholders })
    } catch (err) {
      return checkReport([failureFrom(err, last, 'setup-failed')])
    }
    // Leave pg_dump's session settings (search_path '') behind before reading the catalog.
    await db.session.query('reset all')
    declared = await ctx.probe.capture(db.session)
  }
  const differences = compare(ctx, declared, migrated)
  if (differences.length === 0) return checkReport([])
  return checkReport([
    {
      migration: last,
      kind: 'drift',
      file: declaredFile,
      details: [
        'the migrated schema differs from the declared one (changes from declared to migrated):',
        ...differences,
      ],
    },
  ])
}
