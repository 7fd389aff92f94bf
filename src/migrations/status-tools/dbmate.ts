/**
 * dbmate's `schema_migrations`: one row per applied version (no checksums, no dirty state).
 * @module
 */
import { type StateTable, tableExists } from './types.js'

export const dbmateTable: StateTable = {
  tool: 'dbmate',
  table: 'schema_migrations',
  async read(session) {
    if (!(await tableExists(session, 'schema_migrations'))) return undefined
    const { rows } = await session.query<{ version: string }>(
      'select version::text as version from schema_migrations',
    )
    return rows.map((r) => ({ key: r.version, state: 'applied' as const }))
  },
  key: (m) => m.id,
}
