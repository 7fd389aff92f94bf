/** Renaming a column breaks running code that uses the old name. */
import type { LintRule } from '../types.js'

/**
 * Flags `ALTER TABLE … RENAME COLUMN`.
 *
 * @example
 * // flagged: alter table users rename column name to full_name;
 */
export const renamingColumn: LintRule = {
  id: 'renaming-column',
  severity: 'error',
  summary: 'RENAME COLUMN breaks running code',
  check(s) {
    if (s.type !== 'RenameStmt' || s.node['renameType'] !== 'OBJECT_COLUMN') return []
    return [
      {
        message: `Renaming column "${String(s.node['subname'])}" to "${String(s.node['newname'])}" breaks every running query that uses the old name.`,
        fix: 'Expand and contract: add the new column, dual-write and backfill, move readers over, then drop the old column.',
      },
    ]
  },
}
