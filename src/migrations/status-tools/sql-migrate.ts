/**
 * sql-migrate's `gorp_migrations`: one row per applied file, keyed by file name; no checksums.
 * @module
 */
import { type StateTable, tableExists } from './types.js'

export const sqlMigrateTable: StateTable = {
  tool: 'sql-migrate',
  table: 'gorp_migrations',
  async read(session) {
    if (!(await tableExists(session, 'gorp_migrations'))) return undefined
    const { rows } = await session.query<{ id: string }>('select id from gorp_migrations')
    return rows.map((r) => ({ key: r.id, state: 'applied' as const }))
  },
  key: (m) => m.name,
}
