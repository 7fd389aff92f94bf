/**
 * Migration testing: read the common layouts, run them with hooks, test them (up, down, round
 * trips, idempotency, drift, data preservation, timing) and lint them for dangerous statements.
 *
 * @example
 * import { readMigrations, testMigrations, lintMigrations } from 'pgtestbed/migrations'
 * const set = await readMigrations('db/migrations')
 * const report = await testMigrations(set, { server: process.env.DATABASE_URL! })
 * @module
 */

export type { FormatName, Migration, MigrationFormat, MigrationScript, MigrationSet } from '../sql/index.js'
export {
  applyScript,
  detectFormat,
  FORMATS,
  formatNamed,
  MigrationError,
  type MigrationErrorCode,
  type MigrationHooks,
  pgReason,
  type ReadMigrationsOptions,
  readMigrations,
  runHook,
  type ScriptRole,
  substitutePlaceholders,
} from '../sql/index.js'
export {
  type CommandCheck,
  type CommandChecksOptions,
  type CommandChecksReport,
  checkCommandMigrations,
} from './command-checks.js'
export type {
  LockBudgets,
  LockEvidence,
  MigrationLockReport,
  RewriteEvidence,
  StatementEvidence,
} from './harness/check-locks.js'
export type { PreserveOptions } from './harness/check-preserve.js'
export { schemaProbe } from './harness/model-probe.js'
export { IGNORABLE_KINDS, type IgnorableKind, unknownKinds } from './harness/object-kinds.js'
export {
  CHECK_NAMES,
  type CheckFailure,
  type CheckFailureKind,
  type CheckName,
  type CheckReport,
  type MigrationReport,
  type MigrationTiming,
} from './harness/report.js'
export {
  type CompareOptions,
  catalogProbe,
  type SchemaCapture,
  type SchemaProbe,
} from './harness/schema-probe.js'
export { type TestMigrationsOptions, testMigrations } from './harness/test-migrations.js'
export {
  type LintFinding,
  type LintOptions,
  type LintReport,
  type LintRule,
  linkLockEvidence,
  lintFiles,
  lintMigrations,
  lintScript,
  listRules,
} from './lint/index.js'
export {
  type AppliedStep,
  type MigrateOptions,
  type MigrateResult,
  migrate,
  STATE_SCHEMA,
} from './migrate.js'
export {
  type MigrationState,
  type MigrationStatus,
  type MigrationStatusOptions,
  type MigrationStatusRow,
  migrationStatus,
} from './status.js'
export { STATE_TABLES, type StateTool } from './status-tools/index.js'
