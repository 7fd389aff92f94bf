/** `DROP TABLE` deletes data and breaks code that still reads the table. */
import { list, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags dropping tables that were not created in the same migration.
 *
 * @example
 * // flagged: drop table legacy_orders;
 */
export const banDropTable: LintRule = {
  id: 'ban-drop-table',
  severity: 'error',
  summary: 'DROP TABLE deletes data',
  check(s, ctx) {
    if (s.type !== 'DropStmt' || s.node['removeType'] !== 'OBJECT_TABLE') return []
    const names = list(s.node['objects']).map((o) =>
      list(unwrap(o).fields['items'])
        .map((i) => String((i as { String?: { sval?: string } }).String?.sval ?? ''))
        .join('.'),
    )
    const existing = names.filter((n) => !ctx.createdTables.has(n.split('.').at(-1)!.toLowerCase()))
    if (existing.length === 0) return []
    return [
      {
        message: `DROP TABLE ${existing.join(', ')} deletes its data for good, and running code that still uses it fails.`,
        fix: 'Stop using the table in a release first; check it is empty or back it up; then drop it (disable this rule for the line once that is done).',
      },
    ]
  },
}
