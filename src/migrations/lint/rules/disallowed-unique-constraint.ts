/** `ADD CONSTRAINT … UNIQUE/PRIMARY KEY` builds its index under an ACCESS EXCLUSIVE lock. */
import { alterCommands, columnConstraints, isNewTable, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags UNIQUE and PRIMARY KEY constraints added to an existing table without `USING INDEX`,
 * also written inline on `ADD COLUMN` (`add column id serial primary key`, squawk's
 * adding-serial-primary-key-field).
 *
 * @example
 * // flagged: alter table users add constraint users_email_key unique (email);
 */
export const disallowedUniqueConstraint: LintRule = {
  id: 'disallowed-unique-constraint',
  severity: 'error',
  summary: 'UNIQUE / PRIMARY KEY on an existing table must reuse a concurrently built index',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    return alterCommands(s.node)
      .filter((cmd) => cmd['subtype'] === 'AT_AddConstraint')
      .map((cmd) => unwrap(cmd['def']).fields)
      .filter(
        (c) =>
          (c['contype'] === 'CONSTR_UNIQUE' || c['contype'] === 'CONSTR_PRIMARY') &&
          c['indexname'] === undefined,
      )
      .concat(
        alterCommands(s.node)
          .filter((cmd) => cmd['subtype'] === 'AT_AddColumn')
          .flatMap((cmd) => columnConstraints(unwrap(cmd['def']).fields))
          .filter((c) => c['contype'] === 'CONSTR_UNIQUE' || c['contype'] === 'CONSTR_PRIMARY'),
      )
      .map((c) => ({
        message: `Adding ${c['contype'] === 'CONSTR_PRIMARY' ? 'a PRIMARY KEY' : 'a UNIQUE constraint'} builds its index while reads and writes block, and fails if existing rows are duplicated.`,
        fix: `Check for duplicates first, CREATE UNIQUE INDEX CONCURRENTLY, then ALTER TABLE … ADD CONSTRAINT ${String(c['conname'] ?? '<name>')} ${c['contype'] === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX <index>.`,
      }))
  },
}
