/** VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock. */
import { list, unwrap } from '../ast.js'
import type { LintRule } from '../types.js'

/**
 * Flags `VACUUM FULL` and `CLUSTER`.
 *
 * @example
 * // flagged: vacuum full users;
 */
export const preferRepack: LintRule = {
  id: 'prefer-repack',
  severity: 'warning',
  summary: 'VACUUM FULL / CLUSTER lock the table while rewriting it',
  check(s) {
    const full =
      s.type === 'VacuumStmt' && list(s.node['options']).some((o) => unwrap(o).fields['defname'] === 'full')
    if (!full && s.type !== 'ClusterStmt') return []
    return [
      {
        message: `${full ? 'VACUUM FULL' : 'CLUSTER'} rewrites the table while every read and write on it blocks.`,
        fix: 'Use pg_repack (or pg_squeeze) to rewrite the table online, outside migrations.',
      },
    ]
  },
}
