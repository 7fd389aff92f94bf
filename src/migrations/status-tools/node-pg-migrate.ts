/**
 * node-pg-migrate's `pgmigrations`: one row per applied migration, its file name without the
 * extension; no checksums.
 * @module
 */
import { type StateTable, tableExists } from './types.js'

export const nodePgMigrateTable: StateTable = {
  tool: 'node-pg-migrate',
  table: 'pgmigrations',
  async read(session) {
    if (!(await tableExists(session, 'pgmigrations'))) return undefined
    const { rows } = await session.query<{ name: string }>('select name from pgmigrations')
    return rows.map((r) => ({ key: r.name, state: 'applied' as const }))
  },
  key: (m) => m.name.replace(/\.[^.]+$/, ''),
}
