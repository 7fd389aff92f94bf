/** DDL that waits for a lock queues every later query behind it: set a lock_timeout first. */
import { relationName } from '../ast.js'
import type { LintRule } from '../types.js'

// Statements that take a strong lock on an existing relation.
const LOCKING = new Set([
  'AlterTableStmt',
  'IndexStmt',
  'DropStmt',
  'RenameStmt',
  'TruncateStmt',
  'CreateTrigStmt',
  'VacuumStmt',
  'ClusterStmt',
])

/**
 * Flags the first lock-taking statement on an existing table when no `SET lock_timeout` ran
 * before it (in the script or the before-each hook).
 *
 * @example
 * // flagged unless preceded by: set lock_timeout = '5s';
 */
export const requireLockTimeout: LintRule = {
  id: 'require-lock-timeout',
  severity: 'warning',
  summary: 'Set lock_timeout before DDL that locks existing tables',
  check(s, ctx) {
    if (ctx.lockTimeoutSet || !LOCKING.has(s.type)) return []
    if (s.type === 'IndexStmt' && s.node['concurrent'] === true) return []
    const table = relationName(s.node['relation'])
    if (table !== '' && ctx.createdTables.has(table)) return []
    return [
      {
        message:
          'This statement waits for a strong lock with no lock_timeout: while it waits, every later query on the table queues behind it.',
        fix: "Start the migration with SET lock_timeout = '5s' (or pass it as the before-each hook) and retry the migration when it times out.",
      },
    ]
  },
}
