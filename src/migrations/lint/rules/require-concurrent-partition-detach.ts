/** DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the parent. */
import { alterCommands, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `ALTER TABLE … DETACH PARTITION` without CONCURRENTLY.
 *
 * @example
 * // flagged: alter table events detach partition events_2020;
 */
export const requireConcurrentPartitionDetach: LintRule = {
  id: 'require-concurrent-partition-detach',
  severity: 'warning',
  summary: 'DETACH PARTITION should use CONCURRENTLY',
  check(s, ctx) {
    // There is no concurrent form before PostgreSQL 14.
    if (s.type !== 'AlterTableStmt' || ctx.pgVersion < 14) return []
    return alterCommands(s.node)
      .filter(
        (cmd) => cmd['subtype'] === 'AT_DetachPartition' && unwrap(cmd['def']).fields['concurrent'] !== true,
      )
      .map(() => ({
        message:
          'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table: all queries on it block.',
        fix: 'Use DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+) outside a transaction.',
      }))
  },
}
