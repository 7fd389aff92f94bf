/** `SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock. */
import { alterCommands, isNewTable } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `ALTER COLUMN … SET NOT NULL` on an existing table.
 *
 * @example
 * // flagged: alter table users alter column email set not null;
 */
export const setNotNullScan: LintRule = {
  id: 'set-not-null-scan',
  severity: 'error',
  summary: 'SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    return alterCommands(s.node)
      .filter((cmd) => cmd['subtype'] === 'AT_SetNotNull')
      .map((cmd) => ({
        message: `SET NOT NULL on "${String(cmd['name'])}" reads every row while reads and writes are blocked.`,
        fix:
          ctx.pgVersion >= 12
            ? `Add CHECK (${String(cmd['name'])} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it, then SET NOT NULL (the valid CHECK lets PostgreSQL skip the scan) and drop the CHECK.`
            : `Before PostgreSQL 12 SET NOT NULL always scans: keep a validated CHECK (${String(cmd['name'])} IS NOT NULL) instead, or run this off-peak with a lock_timeout.`,
      }))
  },
}
