/** `ALTER COLUMN … TYPE` usually rewrites the table and its indexes. */
import { alterCommands, hasTypmods, isNewTable, typeNameOf, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags column type changes on existing tables. Changing to `text` or to an unbounded
 * `varchar` is allowed (no rewrite from `varchar`); anything else is assumed to rewrite.
 *
 * @example
 * // flagged: alter table users alter column id type bigint;
 */
export const changingColumnType: LintRule = {
  id: 'changing-column-type',
  severity: 'error',
  summary: 'ALTER COLUMN TYPE rewrites the table under an ACCESS EXCLUSIVE lock',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    return alterCommands(s.node)
      .filter((cmd) => cmd['subtype'] === 'AT_AlterColumnType')
      .filter((cmd) => {
        const typeName = unwrap(cmd['def']).fields['typeName']
        const target = typeNameOf(typeName)
        return !(target === 'text' || (target === 'varchar' && !hasTypmods(typeName)))
      })
      .map((cmd) => ({
        message: `Changing the type of "${String(cmd['name'])}" rewrites the table and rebuilds its indexes while reads and writes block (safe only for e.g. varchar → text or a larger varchar limit).`,
        fix: 'Add a new column of the new type, dual-write and backfill it in batches, switch readers, then drop the old column.',
      }))
  },
}
