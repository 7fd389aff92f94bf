/** `DROP COLUMN` deletes data and breaks code that still selects the column. */
import { alterCommands, isNewTable } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `ALTER TABLE … DROP COLUMN`.
 *
 * @example
 * // flagged: alter table users drop column legacy_id;
 */
export const banDropColumn: LintRule = {
  id: 'ban-drop-column',
  severity: 'error',
  summary: 'DROP COLUMN deletes data and breaks running code',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    return alterCommands(s.node)
      .filter((cmd) => cmd['subtype'] === 'AT_DropColumn')
      .map((cmd) => ({
        message: `Dropping column "${String(cmd['name'])}" deletes its data, and running code that selects or inserts it fails.`,
        fix: 'Stop reading and writing the column in a release first (ORMs: mark it ignored), then drop it in a later migration.',
      }))
  },
}
