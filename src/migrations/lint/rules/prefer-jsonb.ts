/** `json` keeps the raw text: no equality operator, no GIN index, slower to query. */
import { columnDefinitions, typeNameOf } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `json` columns.
 *
 * @example
 * // flagged: create table t (payload json);
 */
export const preferJsonb: LintRule = {
  id: 'prefer-jsonb',
  severity: 'warning',
  summary: 'Use jsonb instead of json',
  check(s) {
    return columnDefinitions(s.type, s.node)
      .filter((col) => typeNameOf(col['typeName']) === 'json')
      .map((col) => ({
        message: `Column ${col['colname'] === undefined ? '' : `"${String(col['colname'])}" `}is json: it has no equality operator (DISTINCT, GROUP BY and UNION fail) and cannot be GIN-indexed.`,
        fix: 'Use jsonb.',
      }))
  },
}
