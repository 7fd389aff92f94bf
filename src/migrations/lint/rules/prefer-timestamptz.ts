/** `timestamp` without time zone stores wall-clock time with no zone: values shift silently. */
import { columnDefinitions, typeNameOf, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `timestamp` columns in CREATE TABLE, ADD COLUMN and ALTER COLUMN TYPE.
 *
 * @example
 * // flagged: create table e (at timestamp);
 */
export const preferTimestamptz: LintRule = {
  id: 'prefer-timestamptz',
  severity: 'warning',
  summary: 'Use timestamptz instead of timestamp',
  check(s) {
    return columnDefinitions(s.type, s.node)
      .filter((col) => typeNameOf(col['typeName'] ?? unwrap(col).fields['typeName']) === 'timestamp')
      .map((col) => ({
        message: `Column ${col['colname'] === undefined ? '' : `"${String(col['colname'])}" `}is timestamp without time zone: the same instant reads differently in sessions with different TimeZone settings.`,
        fix: 'Use timestamptz (timestamp with time zone).',
      }))
  },
}
