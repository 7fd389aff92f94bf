/**
 * The ground floor under fixtures, migrations, schema, the engine and the pool: quoting
 * identifiers, the SQL that creates, clones and drops databases, scratch databases, running a
 * script with file:line errors, and reading and applying migrations in any layout. Internal:
 * other folders reach it through this file; the public entry points re-export what users call.
 * @module
 */
export {
  type CloneStrategy,
  type CreateDatabaseOptions,
  createDatabase,
  createDatabaseSql,
  type DropDatabaseOptions,
  dropDatabase,
  dropDatabaseSql,
  strategyFor,
} from './databases.js'
export {
  type AppliedStep,
  type ApplyMigrationsOptions,
  applyMigrations,
  migrationEnd,
} from './migrations/apply-migrations.js'
export { applyScript, type MigrationHooks, runHook, type ScriptRole } from './migrations/apply-script.js'
export { FORMATS, formatNamed } from './migrations/formats/index.js'
export { hasNoTransactionMarker } from './migrations/formats/shared.js'
export { MigrationError, type MigrationErrorCode } from './migrations/migration-error.js'
export {
  type FormatName,
  type Migration,
  type MigrationFormat,
  type MigrationScript,
  type MigrationSet,
  migration,
  script,
} from './migrations/model.js'
export { substitutePlaceholders } from './migrations/placeholders.js'
export {
  detectFormat,
  type ReadMigrationsOptions,
  readMigrations,
  readProjectMigrations,
} from './migrations/read-migrations.js'
export {
  type CommandRun,
  type RunMigrationCommandOptions,
  runMigrationCommand,
} from './migrations/run-migration-command.js'
export { STATE_SCHEMA, TOOL_TABLE_NAMES } from './migrations/tool-tables.js'
export {
  type AstNode,
  loadParser,
  type ParsedStatement,
  type ParseFailure,
  parseStatements,
  scanTokens,
} from './parse-sql.js'
export { describePgError, errorOffset, lineAt, type PgErrorFields, pgReason } from './pg-error.js'
export { quoteIdent, quoteQualified } from './quote.js'
export { type RunScriptOptions, runScript, SqlScriptError, scriptError, scriptPieces } from './run-script.js'
export {
  createScratchDatabase,
  type ScratchDatabase,
  type ScratchDatabaseOptions,
  withScratchDatabase,
} from './scratch-database.js'
export { databaseUrl, isLoopbackUrl, redactUrl } from './url.js'
