/**
 * Migration status against a database: which migrations are applied, pending, edited since they
 * were applied (checksum differs), dirty (started and never finished), or pending behind a later
 * applied one (out of order), and which applied ones the folder no longer has — read from the
 * state table of the tool that applied them (Flyway's `flyway_schema_history`, golang-migrate's
 * `schema_migrations` …) or from pgtestbed's own runner.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import type { MigrationSet } from '../sql/index.js'
import {
  STATE_TABLES,
  type StateTable,
  type StateTool,
  type ToolRecord,
  toolOfFormat,
} from './status-tools/index.js'

/** The state of one migration in the database. */
export type MigrationState = 'applied' | 'pending' | 'changed' | 'dirty' | 'out-of-order'

/** One migration's row. */
export interface MigrationStatusRow {
  readonly id: string
  readonly name: string
  readonly state: MigrationState
  /** Why, when the state needs it: the tool's flag, or the two checksums. */
  readonly note?: string
}

/** The whole status; `ok` is false when history was edited, reordered, left dirty or lost. */
export interface MigrationStatus {
  readonly kind: 'migration-status'
  readonly ok: boolean
  /** Whose state table was read. */
  readonly tool: StateTool
  readonly table: string
  /** False when that table does not exist (nothing applied by that tool yet). */
  readonly tableFound: boolean
  readonly rows: readonly MigrationStatusRow[]
  /** Names recorded as applied that the folder no longer has. */
  readonly missing: readonly string[]
}

/** Options of `migrationStatus`. */
export interface MigrationStatusOptions {
  /**
   * Whose state table to read. `auto` (default): the table of the tool the folder's layout
   * belongs to when it exists, else pgtestbed's own when that exists, else the tool's (all pending).
   */
  readonly tool?: StateTool | 'auto'
}

/**
 * Compares the folder with the state table of the tool that migrates the database.
 *
 * @example
 * const status = await migrationStatus(client, await readMigrations('db/migrations'))
 * if (!status.ok) console.error(status.rows.filter((r) => r.state !== 'applied' && r.state !== 'pending'))
 */
export async function migrationStatus(
  session: Queryable,
  set: MigrationSet,
  options: MigrationStatusOptions = {},
): Promise<MigrationStatus> {
  const { table, records } = await readState(session, set, options.tool ?? 'auto')
  const byKey = new Map((records ?? []).map((r) => [r.key, r]))
  const keys = set.migrations.map((m) => table.key(m))
  const lastApplied = keys.reduce((last, key, index) => (byKey.has(key) ? index : last), -1)
  const rows: MigrationStatusRow[] = []
  for (const [index, m] of set.migrations.entries()) {
    const record = byKey.get(keys[index]!)
    rows.push(
      Object.freeze({
        id: m.id,
        name: m.name,
        ...(await stateOf(
          record,
          index < lastApplied,
          () => table.checksum?.(m, set),
          m.repeatable === true,
        )),
      }),
    )
  }
  const known = new Set(keys)
  const missing = [...byKey.keys()].filter((key) => !known.has(key)).sort()
  return Object.freeze({
    kind: 'migration-status',
    ok: missing.length === 0 && rows.every((r) => r.state === 'applied' || r.state === 'pending'),
    tool: table.tool,
    table: table.table,
    tableFound: records !== undefined,
    rows: Object.freeze(rows),
    missing: Object.freeze(missing),
  })
}

async function readState(
  session: Queryable,
  set: MigrationSet,
  wanted: StateTool | 'auto',
): Promise<{ table: StateTable; records: readonly ToolRecord[] | undefined }> {
  if (wanted !== 'auto') {
    const table = STATE_TABLES[wanted]
    return { table, records: await table.read(session, set) }
  }
  const own = STATE_TABLES[toolOfFormat(set.format)]
  const records = await own.read(session, set)
  if (records !== undefined || own.tool === 'pgtestbed') return { table: own, records }
  const runner = await STATE_TABLES.pgtestbed.read(session, set)
  return runner === undefined ? { table: own, records } : { table: STATE_TABLES.pgtestbed, records: runner }
}

async function stateOf(
  record: ToolRecord | undefined,
  laterApplied: boolean,
  current: () => string | Promise<string> | undefined,
  repeatable: boolean,
): Promise<{ state: MigrationState; note?: string }> {
  if (record === undefined) return { state: laterApplied ? 'out-of-order' : 'pending' }
  if (record.state === 'dirty') return { state: 'dirty', ...(record.note ? { note: record.note } : {}) }
  if (record.checksum === undefined)
    return { state: 'applied', ...(record.note ? { note: record.note } : {}) }
  const now = await current()
  if (now === undefined || now === record.checksum) return { state: 'applied' }
  // A repeatable migration that changed is simply applied again by its tool.
  if (repeatable) return { state: 'pending', note: 'changed since applied: re-applied on the next migrate' }
  return { state: 'changed', note: `checksum ${record.checksum} recorded, ${now} now` }
}
