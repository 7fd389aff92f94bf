/**
 * Graphile Migrate's `graphile_migrate.migrations`: one row per applied migration (`000001.sql`)
 * with the hash of its committed body.
 * @module
 */
import { readFileSync } from 'node:fs'
import { graphileHash, parseGraphileMigration } from '../../sql/migrations/formats/graphile-migrate.js'
import { type StateTable, tableExists } from './types.js'

export const graphileMigrateTable: StateTable = {
  tool: 'graphile-migrate',
  table: 'graphile_migrate.migrations',
  async read(session) {
    if (!(await tableExists(session, 'graphile_migrate.migrations'))) return undefined
    const { rows } = await session.query<{ filename: string; hash: string }>(
      'select filename, hash from graphile_migrate.migrations',
    )
    return rows.map((r) => ({ key: r.filename, checksum: r.hash, state: 'applied' as const }))
  },
  key: (m) => `${m.id}.sql`,
  checksum: (m) => {
    const parsed = parseGraphileMigration(readFileSync(m.up.file, 'utf8'))
    const previous = parsed.headers.Previous
    return graphileHash(
      parsed.body,
      previous === undefined || previous === null || previous === '-' ? null : previous,
    )
  },
}
