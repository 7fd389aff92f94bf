/**
 * The seam each migration tool's state table implements for `migrationStatus`: read what the
 * tool recorded, and say how the tool names and checksums a migration.
 * @module
 */
import type { Queryable } from '../../internal/queryable.js'
import type { FormatName, Migration, MigrationSet } from '../../sql/index.js'

/** The tools whose own state table pgtestbed reads (`pgtestbed` is its own runner's). */
export type StateTool = Exclude<FormatName, 'sql' | 'drizzle' | 'sqitch'> | 'pgtestbed'

/** One migration as the tool recorded it. */
export interface ToolRecord {
  /** The tool's name for the migration (compared with `StateTable.key`). */
  readonly key: string
  /** What the tool stored as its checksum, when it stores one. */
  readonly checksum?: string
  /** `dirty`: started and not finished, or failed (golang-migrate's dirty flag, Flyway's success = false …). */
  readonly state: 'applied' | 'dirty'
  /** Why, in the tool's words (e.g. `dirty = true in schema_migrations`). */
  readonly note?: string
}

/** A tool's state table. */
export interface StateTable {
  readonly tool: StateTool
  /** The table as the tool names it, for messages. */
  readonly table: string
  /** The rows the tool recorded, or undefined when its table does not exist. */
  read(session: Queryable, set: MigrationSet): Promise<readonly ToolRecord[] | undefined>
  /** The tool's name for `m`. */
  key(m: Migration): string
  /** The checksum the tool would record for `m` now; absent when the tool keeps none. */
  checksum?(m: Migration, set: MigrationSet): string | Promise<string>
}

/** True when `table` (optionally schema-qualified, unquoted) exists. */
export async function tableExists(session: Queryable, table: string): Promise<boolean> {
  const { rows } = await session.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
    table,
  ])
  return rows[0]?.found === true
}
