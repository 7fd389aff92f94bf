/**
 * Applying a migration set to an empty database: every up in order, with the hooks, no state
 * table. The one way migrations are applied wherever a database is built from them (the pool's
 * template, fixture loads and validation, schema checks, the runner's `record: false`).
 * @module
 */
import { performance } from 'node:perf_hooks'
import type { Queryable } from '../../internal/queryable.js'
import { applyScript, type MigrationHooks, runHook } from './apply-script.js'
import type { Migration, MigrationSet } from './model.js'

/** One migration that was applied or reverted. */
export interface AppliedStep {
  readonly id: string
  readonly name: string
  readonly direction: 'up' | 'down'
  readonly ms: number
}

/** Options of `applyMigrations`. */
export interface ApplyMigrationsOptions extends MigrationHooks {
  /** Stop after the migration with this name or id; default: apply all. */
  readonly to?: string
}

/**
 * Runs the setup hook (when there is anything to apply), then every up script in order, on one
 * session. Throws `MigrationError` (`PGT_MIGRATION_FAILED`) naming the file and line.
 *
 * @example
 * const steps = await applyMigrations(client, await readMigrations('db/migrations'))
 */
export async function applyMigrations(
  session: Queryable,
  set: MigrationSet,
  options: ApplyMigrationsOptions = {},
): Promise<AppliedStep[]> {
  const steps: AppliedStep[] = []
  const pending = set.migrations.slice(0, migrationEnd(set.migrations, options.to))
  if (pending.length > 0 && options.setup !== undefined) await runHook(session, options.setup, 'setup hook')
  for (const m of pending) {
    const started = performance.now()
    await applyScript(session, m, 'up', options)
    steps.push({ id: m.id, name: m.name, direction: 'up', ms: performance.now() - started })
  }
  return steps
}

/**
 * The index just past migration `to` (by name or id); all of them when `to` is undefined or
 * unknown.
 *
 * @example
 * set.migrations.slice(0, migrationEnd(set.migrations, '002_users'))
 */
export function migrationEnd(migrations: readonly Migration[], to: string | undefined): number {
  if (to === undefined) return migrations.length
  const index = migrations.findIndex((m) => m.name === to || m.id === to)
  return index === -1 ? migrations.length : index + 1
}
