/** REINDEX without CONCURRENTLY blocks writes (and reads through the index). */
import { list, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `REINDEX` without CONCURRENTLY.
 *
 * @example
 * // flagged: reindex index users_email;
 */
export const requireConcurrentReindex: LintRule = {
  id: 'require-concurrent-reindex',
  severity: 'warning',
  summary: 'REINDEX should use CONCURRENTLY',
  check(s, ctx) {
    // There is no concurrent form before PostgreSQL 12.
    if (s.type !== 'ReindexStmt' || ctx.pgVersion < 12) return []
    if (list(s.node['params']).some((p) => unwrap(p).fields['defname'] === 'concurrently')) return []
    return [
      {
        message:
          'REINDEX locks out writes to the table (and reads that would use the index) until it finishes.',
        fix: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+) outside a transaction.',
      },
    ]
  },
}
