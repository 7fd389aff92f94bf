/**
 * Migration status against a database migrated by `migrate()`: which migrations are applied,
 * pending, edited since they were applied, or pending behind a later applied one (out of order),
 * and which applied ones the folder no longer has.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import type { MigrationSet } from '../sql/index.js'
import { checksum, STATE_SCHEMA } from './migrate.js'

/** The state of one migration in the database. */
export type MigrationState = 'applied' | 'pending' | 'changed' | 'out-of-order'

/** One migration's row. */
export interface MigrationStatusRow {
  readonly id: string
  readonly name: string
  readonly state: MigrationState
}

/** The whole status; `ok` is false when history was edited, reordered or lost. */
export interface MigrationStatus {
  readonly kind: 'migration-status'
  readonly ok: boolean
  readonly rows: readonly MigrationStatusRow[]
  /** Ids recorded as applied that the folder no longer has. */
  readonly missing: readonly string[]
}

/**
 * Compares the folder with the runner's state table. A database the runner never touched shows
 * every migration as pending.
 *
 * @example
 * const status = await migrationStatus(client, await readMigrations('db/migrations'))
 * if (!status.ok) console.error(status.rows.filter((r) => r.state !== 'applied' && r.state !== 'pending'))
 */
export async function migrationStatus(session: Queryable, set: MigrationSet): Promise<MigrationStatus> {
  const exists = await session.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
    `${STATE_SCHEMA}.applied`,
  ])
  const applied = new Map<string, string>()
  if (exists.rows[0]?.found === true) {
    const { rows } = await session.query<{ id: string; checksum: string }>(
      `select id, checksum from ${STATE_SCHEMA}.applied`,
    )
    for (const row of rows) applied.set(row.id, row.checksum)
  }
  const lastApplied = set.migrations.reduce((last, m, index) => (applied.has(m.id) ? index : last), -1)
  const rows = set.migrations.map((m, index): MigrationStatusRow => {
    const recorded = applied.get(m.id)
    const state: MigrationState =
      recorded === undefined
        ? index < lastApplied
          ? 'out-of-order'
          : 'pending'
        : recorded !== checksum(m) && m.repeatable !== true
          ? 'changed'
          : 'applied'
    return Object.freeze({ id: m.id, name: m.name, state })
  })
  const known = new Set(set.migrations.map((m) => m.id))
  const missing = [...applied.keys()].filter((id) => !known.has(id)).sort()
  return Object.freeze({
    kind: 'migration-status',
    ok: missing.length === 0 && rows.every((r) => r.state === 'applied' || r.state === 'pending'),
    rows: Object.freeze(rows),
    missing: Object.freeze(missing),
  })
}
