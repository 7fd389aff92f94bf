/** BEGIN/COMMIT inside a migration the runner already wraps in a transaction. */
import type { LintRule } from '../types.js'

/**
 * Flags explicit transaction control in a migration that runs in the runner's transaction.
 *
 * @example
 * // flagged in a transactional migration: begin; … commit;
 */
export const transactionNesting: LintRule = {
  id: 'transaction-nesting',
  severity: 'error',
  summary: 'BEGIN/COMMIT inside a migration that already runs in a transaction',
  check(s, ctx) {
    if (s.type !== 'TransactionStmt' || !ctx.runnerTransaction) return []
    const kind = String(s.node['kind'] ?? '')
    if (!['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK'].includes(kind))
      return []
    return [
      {
        message:
          'The runner already wraps this migration in a transaction: a COMMIT here ends it early, so a later failure leaves the migration half applied.',
        fix: 'Remove BEGIN/COMMIT, or mark the migration to run outside a transaction.',
      },
    ]
  },
}
