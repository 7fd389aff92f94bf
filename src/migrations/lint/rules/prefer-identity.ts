/** serial types create a loosely owned sequence; identity columns are the SQL-standard form. */
import { columnDefinitions, typeNameOf } from '../ast.js'
import type { LintRule } from '../types.js'

const SERIAL = new Set(['serial', 'serial4', 'serial8', 'bigserial', 'smallserial', 'serial2'])

/**
 * Flags serial-typed columns.
 *
 * @example
 * // flagged: create table t (id serial primary key);
 */
export const preferIdentity: LintRule = {
  id: 'prefer-identity',
  severity: 'warning',
  summary: 'Use identity columns instead of serial',
  check(s) {
    return columnDefinitions(s.type, s.node)
      .filter((col) => SERIAL.has(typeNameOf(col['typeName'])))
      .map((col) => ({
        message: `Column "${String(col['colname'])}" uses ${typeNameOf(col['typeName'])}: its sequence has separate permissions and ownership, and int serials run out at 2^31.`,
        fix: 'Use bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT).',
      }))
  },
}
