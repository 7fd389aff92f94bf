/** Adding a FOREIGN KEY or CHECK validates every row while holding a lock. */
import { alterCommands, isNewTable, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags FK and CHECK constraints added to an existing table without NOT VALID.
 *
 * @example
 * // flagged: alter table posts add constraint posts_user_fk foreign key (user_id) references users (id);
 */
export const constraintMissingNotValid: LintRule = {
  id: 'constraint-missing-not-valid',
  severity: 'error',
  summary: 'FOREIGN KEY / CHECK on an existing table needs NOT VALID, then VALIDATE',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    return alterCommands(s.node)
      .filter((cmd) => cmd['subtype'] === 'AT_AddConstraint')
      .map((cmd) => unwrap(cmd['def']).fields)
      .filter(
        (c) =>
          (c['contype'] === 'CONSTR_FOREIGN' || c['contype'] === 'CONSTR_CHECK') &&
          c['skip_validation'] !== true,
      )
      .map((c) => ({
        message: `Adding ${c['contype'] === 'CONSTR_FOREIGN' ? 'a FOREIGN KEY' : 'a CHECK'} constraint scans the whole table under a lock that blocks writes${c['contype'] === 'CONSTR_FOREIGN' ? ' (on both tables)' : ''}.`,
        fix: `Add it with NOT VALID, then in a later statement or migration: ALTER TABLE … VALIDATE CONSTRAINT ${String(c['conname'] ?? '<name>')};`,
      }))
  },
}
