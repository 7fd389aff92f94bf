/**
 * Atlas's `atlas_schema_revisions.atlas_schema_revisions`: one row per version with the file's
 * `atlas.sum` hash; `error` set or `applied < total` means it stopped part way.
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAtlasSum } from '../../sql/migrations/formats/atlas.js'
import { type StateTable, tableExists } from './types.js'

const TABLE = 'atlas_schema_revisions.atlas_schema_revisions'

export const atlasTable: StateTable = {
  tool: 'atlas',
  table: TABLE,
  async read(session) {
    if (!(await tableExists(session, TABLE))) return undefined
    const { rows } = await session.query<{ version: string; hash: string; complete: boolean }>(
      `select version, hash, (error is null or error = '') and applied >= total as complete from ${TABLE}`,
    )
    return rows.map((r) => ({
      key: r.version,
      checksum: r.hash,
      state: r.complete ? ('applied' as const) : ('dirty' as const),
      ...(r.complete ? {} : { note: `stopped part way (error or applied < total in ${TABLE})` }),
    }))
  },
  key: (m) => m.id,
  checksum: (m, set) =>
    parseAtlasSum(readFileSync(join(set.dir, 'atlas.sum'), 'utf8')).entries.find((e) => e.name === m.name)
      ?.hash ?? '',
}
