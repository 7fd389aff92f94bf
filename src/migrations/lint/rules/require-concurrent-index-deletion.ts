/** `DROP INDEX` without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table. */
import type { LintRule } from '../types.js'

/**
 * Flags `DROP INDEX` without CONCURRENTLY.
 *
 * @example
 * // flagged: drop index users_email;
 */
export const requireConcurrentIndexDeletion: LintRule = {
  id: 'require-concurrent-index-deletion',
  severity: 'warning',
  summary: 'DROP INDEX should use CONCURRENTLY',
  check(s) {
    if (s.type !== 'DropStmt' || s.node['removeType'] !== 'OBJECT_INDEX' || s.node['concurrent'] === true)
      return []
    return [
      {
        message:
          'DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: reads and writes block until it is done.',
        fix: 'Use DROP INDEX CONCURRENTLY, in a migration that runs outside a transaction.',
      },
    ]
  },
}
