/** Renaming a table breaks running code that uses the old name. */
import { relationName } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `ALTER TABLE … RENAME TO`.
 *
 * @example
 * // flagged: alter table users rename to accounts;
 */
export const renamingTable: LintRule = {
  id: 'renaming-table',
  severity: 'error',
  summary: 'RENAME TABLE breaks running code',
  check(s) {
    if (s.type !== 'RenameStmt' || s.node['renameType'] !== 'OBJECT_TABLE') return []
    return [
      {
        message: `Renaming table "${relationName(s.node['relation'])}" to "${String(s.node['newname'])}" breaks every running query that uses the old name.`,
        fix: 'Rename, then CREATE VIEW <old name> AS SELECT * FROM <new name> in the same migration until all code uses the new name.',
      },
    ]
  },
}
