/**
 * `pgtestbed/migrations`: read migrations in the common layouts, test them, lint them and run
 * them (docs/migrations.md).
 *
 * @example
 * import { readMigrations, testMigrations } from 'pgtestbed/migrations'
 * const set = await readMigrations('db/migrations')
 * const report = await testMigrations(set, { server: process.env.DATABASE_URL! })
 * @module
 */

// Errors
// Reading: one model for every layout
// Testing: up, down, round trips, idempotency, drift, data preservation, timing
// Lint
// Running: apply pending ups, and what is applied
export {
  type AppliedStep,
  type CheckFailure,
  type CheckFailureKind,
  type CheckName,
  type CheckReport,
  type CompareOptions,
  type FormatName,
  type IgnorableKind,
  type LintFinding,
  type LintOptions,
  type LintReport,
  type LockBudgets,
  type LockEvidence,
  linkLockEvidence,
  lintMigrations,
  type MigrateOptions,
  type MigrateResult,
  type Migration,
  MigrationError,
  type MigrationErrorCode,
  type MigrationFormat,
  type MigrationHooks,
  type MigrationLockReport,
  type MigrationReport,
  type MigrationScript,
  type MigrationSet,
  type MigrationState,
  type MigrationStatus,
  type MigrationStatusOptions,
  type MigrationStatusRow,
  type MigrationTiming,
  migrate,
  migrationStatus,
  type PreserveOptions,
  type ReadMigrationsOptions,
  type RewriteEvidence,
  readMigrations,
  type SchemaCapture,
  type SchemaProbe,
  type StatementEvidence,
  type StateTool,
  type TestMigrationsOptions,
  testMigrations,
} from '../migrations/index.js'
