/**
 * sqlx's `_sqlx_migrations`: one row per version, the SHA-384 of the up script as checksum and
 * `success` (false: the migration failed part way, sqlx calls the database dirty).
 * @module
 */
import { createHash } from 'node:crypto'
import { type StateTable, tableExists } from './types.js'

export const sqlxTable: StateTable = {
  tool: 'sqlx',
  table: '_sqlx_migrations',
  async read(session) {
    if (!(await tableExists(session, '_sqlx_migrations'))) return undefined
    const { rows } = await session.query<{ version: string; checksum: string; success: boolean }>(
      `select version::text as version, encode(checksum, 'hex') as checksum, success from _sqlx_migrations`,
    )
    return rows.map((r) => ({
      key: r.version,
      checksum: r.checksum,
      state: r.success ? ('applied' as const) : ('dirty' as const),
      ...(r.success ? {} : { note: 'success = false in _sqlx_migrations' }),
    }))
  },
  key: (m) => BigInt(m.id).toString(),
  checksum: (m) => createHash('sha384').update(m.up.sql).digest('hex'),
}
