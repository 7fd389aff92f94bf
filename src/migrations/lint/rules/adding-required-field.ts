/** `ADD COLUMN … NOT NULL` without a default fails on any table that has rows. */
import { alterCommands, columnConstraints, isNewTable, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags NOT NULL columns added without a DEFAULT (identity and generated columns are fine).
 *
 * @example
 * // flagged: alter table users add column tenant_id bigint not null;
 */
export const addingRequiredField: LintRule = {
  id: 'adding-required-field',
  severity: 'error',
  summary: 'ADD COLUMN NOT NULL without DEFAULT fails on a non-empty table',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    return alterCommands(s.node)
      .filter((cmd) => cmd['subtype'] === 'AT_AddColumn')
      .map((cmd) => unwrap(cmd['def']).fields)
      .filter((col) => {
        const kinds = columnConstraints(col).map((c) => c['contype'])
        return (
          kinds.includes('CONSTR_NOTNULL') &&
          !kinds.some((k) => k === 'CONSTR_DEFAULT' || k === 'CONSTR_IDENTITY' || k === 'CONSTR_GENERATED')
        )
      })
      .map((col) => ({
        message: `Column "${String(col['colname'])}" is NOT NULL with no DEFAULT: the migration fails as soon as the table has a row.`,
        fix: 'Add the column nullable (or with a non-volatile DEFAULT), backfill it, then add NOT NULL via CHECK … NOT VALID / VALIDATE / SET NOT NULL.',
      }))
  },
}
