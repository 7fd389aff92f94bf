/** Every lint rule, one file each. */
import type { LintRule } from '../types.js'
import { addingFieldWithVolatileDefault } from './adding-field-with-volatile-default.js'
import { addingRequiredField } from './adding-required-field.js'
import { banDropColumn } from './ban-drop-column.js'
import { banDropDatabase } from './ban-drop-database.js'
import { banDropTable } from './ban-drop-table.js'
import { banTruncateCascade } from './ban-truncate-cascade.js'
import { changingColumnType } from './changing-column-type.js'
import { concurrentlyInTransaction } from './concurrently-in-transaction.js'
import { constraintMissingNotValid } from './constraint-missing-not-valid.js'
import { disallowedUniqueConstraint } from './disallowed-unique-constraint.js'
import { identifierTooLong } from './identifier-too-long.js'
import { type MigrationRule, missingDown } from './missing-down.js'
import { preferIdentity } from './prefer-identity.js'
import { preferJsonb } from './prefer-jsonb.js'
import { preferRepack } from './prefer-repack.js'
import { preferTimestamptz } from './prefer-timestamptz.js'
import { renamingColumn } from './renaming-column.js'
import { renamingTable } from './renaming-table.js'
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation.js'
import { requireConcurrentIndexDeletion } from './require-concurrent-index-deletion.js'
import { requireConcurrentPartitionDetach } from './require-concurrent-partition-detach.js'
import { requireConcurrentReindex } from './require-concurrent-reindex.js'
import { requireLockTimeout } from './require-lock-timeout.js'
import { setNotNullScan } from './set-not-null-scan.js'
import { transactionNesting } from './transaction-nesting.js'

/** Statement-level rules. */
export const STATEMENT_RULES: readonly LintRule[] = Object.freeze([
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  concurrentlyInTransaction,
  constraintMissingNotValid,
  setNotNullScan,
  addingRequiredField,
  addingFieldWithVolatileDefault,
  changingColumnType,
  disallowedUniqueConstraint,
  banDropTable,
  banDropColumn,
  renamingColumn,
  renamingTable,
  requireLockTimeout,
  banTruncateCascade,
  banDropDatabase,
  transactionNesting,
  requireConcurrentReindex,
  requireConcurrentPartitionDetach,
  preferRepack,
  preferTimestamptz,
  preferIdentity,
  preferJsonb,
  identifierTooLong,
])

/** Migration-level rules. */
export const MIGRATION_RULES: readonly MigrationRule[] = Object.freeze([missingDown])

export type { MigrationRule }
