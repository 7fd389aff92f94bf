/** `CREATE INDEX` without CONCURRENTLY on an existing table blocks writes while it builds. */
import { relationName } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags non-concurrent index builds, except on tables created in the same migration.
 *
 * @example
 * // flagged: create index users_email on users (email);
 */
export const requireConcurrentIndexCreation: LintRule = {
  id: 'require-concurrent-index-creation',
  severity: 'error',
  summary: 'CREATE INDEX on an existing table must use CONCURRENTLY',
  check(s, ctx) {
    if (s.type !== 'IndexStmt' || s.node['concurrent'] === true) return []
    const table = relationName(s.node['relation'])
    if (ctx.createdTables.has(table)) return []
    return [
      {
        message: `CREATE INDEX on existing table "${table}" takes a SHARE lock: writes to it block until the index is built.`,
        fix: 'Use CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction.',
      },
    ]
  },
}
