/**
 * pgtestbed's own runner (`migrate()`): `pgtestbed_migrations.applied`, one row per migration
 * with the checksum of its up script.
 * @module
 */
import { checksum, STATE_SCHEMA } from '../migrate.js'
import { type StateTable, tableExists } from './types.js'

export const pgtestbedTable: StateTable = {
  tool: 'pgtestbed',
  table: `${STATE_SCHEMA}.applied`,
  async read(session) {
    if (!(await tableExists(session, `${STATE_SCHEMA}.applied`))) return undefined
    const { rows } = await session.query<{ id: string; checksum: string }>(
      `select id, checksum from ${STATE_SCHEMA}.applied`,
    )
    return rows.map((r) => ({ key: r.id, checksum: r.checksum, state: 'applied' as const }))
  },
  key: (m) => m.id,
  checksum: (m) => checksum(m),
}
