/**
 * goose's `goose_db_version`: one row per up (`is_applied` true) or down (false); the latest row
 * of a version decides. No checksums.
 * @module
 */
import { type StateTable, tableExists } from './types.js'

export const gooseTable: StateTable = {
  tool: 'goose',
  table: 'goose_db_version',
  async read(session) {
    if (!(await tableExists(session, 'goose_db_version'))) return undefined
    const { rows } = await session.query<{ version: string }>(
      `select version from (
         select distinct on (version_id) version_id::text as version, is_applied
           from goose_db_version where version_id <> 0 order by version_id, id desc
       ) latest where is_applied`,
    )
    return rows.map((r) => ({ key: r.version, state: 'applied' as const }))
  },
  key: (m) => BigInt(m.id).toString(),
}
