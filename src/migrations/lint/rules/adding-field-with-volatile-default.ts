/** A volatile DEFAULT (or a stored generated column) rewrites the whole table. */
import { alterCommands, columnConstraints, functionName, isNewTable, typeNameOf, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

// Functions whose value differs per row: PostgreSQL must rewrite every row to store them.
const VOLATILE = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
])
const SERIAL = new Set(['serial', 'serial4', 'serial8', 'bigserial', 'smallserial', 'serial2'])

/**
 * Flags `ADD COLUMN` with a volatile default, a serial type or a stored generated expression
 * (any default before PostgreSQL 11).
 *
 * @example
 * // flagged: alter table users add column token uuid default gen_random_uuid();
 */
export const addingFieldWithVolatileDefault: LintRule = {
  id: 'adding-field-with-volatile-default',
  severity: 'error',
  summary: 'ADD COLUMN with a volatile default or stored generated column rewrites the table',
  check(s, ctx) {
    if (s.type !== 'AlterTableStmt' || isNewTable(s.node, ctx.createdTables)) return []
    const hits = []
    for (const cmd of alterCommands(s.node).filter((c) => c['subtype'] === 'AT_AddColumn')) {
      const col = unwrap(cmd['def']).fields
      const name = String(col['colname'])
      for (const c of columnConstraints(col)) {
        const fn = c['contype'] === 'CONSTR_DEFAULT' ? functionName(c['raw_expr']) : undefined
        if (c['contype'] === 'CONSTR_DEFAULT' && ctx.pgVersion < 11) {
          hits.push({
            message: `Before PostgreSQL 11 any DEFAULT on a new column ("${name}") rewrites the table under an ACCESS EXCLUSIVE lock.`,
            fix: 'Add the column without a default, then ALTER COLUMN … SET DEFAULT, and backfill existing rows in batches.',
          })
        } else if (fn !== undefined && VOLATILE.has(fn)) {
          hits.push({
            message: `DEFAULT ${fn}() on new column "${name}" is volatile: the table is rewritten under an ACCESS EXCLUSIVE lock.`,
            fix: 'Add the column without a default (or with a constant one), set the volatile default afterwards with ALTER COLUMN … SET DEFAULT, and backfill existing rows in batches.',
          })
        }
        if (c['contype'] === 'CONSTR_GENERATED') {
          hits.push({
            message: `Stored generated column "${name}" is computed for every row: the table is rewritten under an ACCESS EXCLUSIVE lock.`,
            fix: 'Add a plain column, backfill it in batches, and keep it up to date with a trigger.',
          })
        }
      }
      if (SERIAL.has(typeNameOf(col['typeName']))) {
        hits.push({
          message: `Column "${name}" of a serial type takes nextval() per row: the table is rewritten under an ACCESS EXCLUSIVE lock.`,
          fix: 'Add a nullable bigint column, backfill it in batches, then attach a sequence default.',
        })
      }
    }
    return hits
  },
}
