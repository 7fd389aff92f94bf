/** CONCURRENTLY cannot run inside a transaction block: the migration fails at runtime. */
import { alterCommands, list, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

function isConcurrent(type: string, node: Record<string, unknown>): boolean {
  if ((type === 'IndexStmt' || type === 'DropStmt') && node['concurrent'] === true) return true
  if (type === 'ReindexStmt') {
    return list(node['params']).some((p) => unwrap(p).fields['defname'] === 'concurrently')
  }
  if (type === 'AlterTableStmt') {
    return alterCommands(node).some(
      (cmd) => cmd['subtype'] === 'AT_DetachPartition' && unwrap(cmd['def']).fields['concurrent'] === true,
    )
  }
  return false
}

/**
 * Flags CONCURRENTLY operations in a migration that runs in a transaction (the runner's or an
 * explicit BEGIN).
 *
 * @example
 * // flagged in a transactional migration: create index concurrently i on t (c);
 */
export const concurrentlyInTransaction: LintRule = {
  id: 'concurrently-in-transaction',
  severity: 'error',
  summary: 'CONCURRENTLY inside a transaction fails at runtime',
  check(s, ctx) {
    if (!ctx.inTransaction || !isConcurrent(s.type, s.node)) return []
    return [
      {
        message: ctx.runnerTransaction
          ? 'This migration runs in a transaction, and CONCURRENTLY cannot run inside a transaction block.'
          : 'CONCURRENTLY inside BEGIN … COMMIT fails: it cannot run inside a transaction block.',
        fix: 'Mark the migration to run outside a transaction (dbmate "transaction:false", Diesel run_in_transaction = false, Flyway executeInTransaction=false, or -- pgtestbed:no-transaction) and keep it to this one statement.',
      },
    ]
  },
}
