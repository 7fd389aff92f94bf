/**
 * Prisma's `_prisma_migrations`: one row per attempt, the SHA-256 (hex) of `migration.sql` as
 * checksum; `finished_at` null means it failed (rolled-back rows are ignored, as Prisma does).
 * @module
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { type StateTable, tableExists } from './types.js'

export const prismaTable: StateTable = {
  tool: 'prisma',
  table: '_prisma_migrations',
  async read(session) {
    if (!(await tableExists(session, '_prisma_migrations'))) return undefined
    const { rows } = await session.query<{ migration_name: string; checksum: string; finished: boolean }>(
      `select migration_name, checksum, finished_at is not null as finished
         from _prisma_migrations where rolled_back_at is null order by started_at`,
    )
    return rows.map((r) => ({
      key: r.migration_name,
      checksum: r.checksum,
      state: r.finished ? ('applied' as const) : ('dirty' as const),
      ...(r.finished ? {} : { note: 'finished_at is null in _prisma_migrations: prisma migrate resolve' }),
    }))
  },
  key: (m) => m.name,
  checksum: (m) => createHash('sha256').update(readFileSync(m.up.file)).digest('hex'),
}
