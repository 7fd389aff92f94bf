/** A migration without a down, in a format that has downs: it cannot be rolled back. */
import type { Migration, MigrationSet } from '../../../sql/index.js'
import type { RuleHit } from '../types.js'

/** A rule over a whole migration rather than one statement. */
export interface MigrationRule {
  readonly id: string
  readonly severity: 'error' | 'warning'
  readonly summary: string
  check(m: Migration, set: MigrationSet): readonly RuleHit[]
}

/**
 * Flags migrations with no down script when the format supports downs and others have one.
 *
 * @example
 * // flagged: 3_add_index.up.sql without 3_add_index.down.sql
 */
export const missingDown: MigrationRule = {
  id: 'missing-down',
  severity: 'warning',
  summary: 'Migration has no down script',
  check(m, set) {
    if (!set.supportsDown || m.repeatable === true || m.down !== undefined) return []
    if (!set.migrations.some((other) => other.down !== undefined)) return []
    return [
      {
        message: `${m.name} has no down script, so it cannot be rolled back and the down and round-trip checks stop at it.`,
        fix: 'Add a down script that undoes the up, or declare the migration irreversible (--irreversible) and disable this rule for it.',
      },
    ]
  },
}
