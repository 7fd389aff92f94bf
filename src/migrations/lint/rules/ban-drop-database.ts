/** `DROP DATABASE` has no place in a migration. */
import type { LintRule } from '../types.js'

/**
 * Flags `DROP DATABASE`.
 *
 * @example
 * // flagged: drop database app;
 */
export const banDropDatabase: LintRule = {
  id: 'ban-drop-database',
  severity: 'error',
  summary: 'DROP DATABASE in a migration',
  check(s) {
    if (s.type !== 'DropdbStmt') return []
    return [
      {
        message: `DROP DATABASE ${String(s.node['dbname'])} destroys a whole database from a migration.`,
        fix: 'Remove it from the migration; drop databases by hand or in provisioning code.',
      },
    ]
  },
}
