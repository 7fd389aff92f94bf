/** `TRUNCATE … CASCADE` also empties every table that references this one. */
import type { LintRule } from '../types.js'

/**
 * Flags `TRUNCATE … CASCADE`.
 *
 * @example
 * // flagged: truncate users cascade;
 */
export const banTruncateCascade: LintRule = {
  id: 'ban-truncate-cascade',
  severity: 'error',
  summary: 'TRUNCATE CASCADE empties referencing tables too',
  check(s) {
    if (s.type !== 'TruncateStmt' || s.node['behavior'] !== 'DROP_CASCADE') return []
    return [
      {
        message:
          'TRUNCATE … CASCADE silently empties every table with a foreign key to this one, and those tables’ referencing tables.',
        fix: 'Truncate the tables you mean explicitly, by name, without CASCADE.',
      },
    ]
  },
}
