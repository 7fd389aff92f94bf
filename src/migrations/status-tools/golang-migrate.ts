/**
 * golang-migrate's `schema_migrations`: a single row, the current version and a `dirty` flag
 * (set while a migration runs; left true when it failed). Every version up to it is applied.
 * @module
 */
import { type StateTable, type ToolRecord, tableExists } from './types.js'

export const golangMigrateTable: StateTable = {
  tool: 'golang-migrate',
  table: 'schema_migrations',
  async read(session, set) {
    if (!(await tableExists(session, 'schema_migrations'))) return undefined
    const { rows } = await session.query<{ version: string; dirty: boolean }>(
      'select version::text as version, dirty from schema_migrations',
    )
    const current = rows[0]
    if (current === undefined) return []
    const at = BigInt(current.version)
    const records: ToolRecord[] = set.migrations
      .filter((m) => BigInt(m.id) < at)
      .map((m) => ({ key: m.id, state: 'applied' as const }))
    records.push({
      key: String(at),
      state: current.dirty ? 'dirty' : 'applied',
      ...(current.dirty
        ? { note: 'dirty = true in schema_migrations: fix the database, then migrate force' }
        : {}),
    })
    return records
  },
  key: (m) => BigInt(m.id).toString(),
}
