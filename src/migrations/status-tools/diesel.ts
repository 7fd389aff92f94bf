/**
 * Diesel's `__diesel_schema_migrations`: one row per applied version (the folder's leading
 * version with its dashes removed); no checksums.
 * @module
 */
import { type StateTable, tableExists } from './types.js'

export const dieselTable: StateTable = {
  tool: 'diesel',
  table: '__diesel_schema_migrations',
  async read(session) {
    if (!(await tableExists(session, '__diesel_schema_migrations'))) return undefined
    const { rows } = await session.query<{ version: string }>(
      'select version from __diesel_schema_migrations',
    )
    return rows.map((r) => ({ key: r.version, state: 'applied' as const }))
  },
  key: (m) => m.id,
}
