/**
 * Liquibase's `databasechangelog`: one row per changeset (`author:id`). Its `md5sum` uses
 * Liquibase's own normalization of the changeset text, which pgtestbed does not reproduce, so
 * edits after applying are not reported for Liquibase.
 * @module
 */
import { type StateTable, tableExists } from './types.js'

export const liquibaseTable: StateTable = {
  tool: 'liquibase',
  table: 'databasechangelog',
  async read(session) {
    if (!(await tableExists(session, 'databasechangelog'))) return undefined
    const { rows } = await session.query<{ key: string }>(
      `select author || ':' || id as key from databasechangelog where exectype in ('EXECUTED', 'RERAN', 'MARK_RAN')`,
    )
    return rows.map((r) => ({ key: r.key, state: 'applied' as const }))
  },
  key: (m) => m.id,
}
