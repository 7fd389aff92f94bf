/**
 * sql-migrate: one file per migration with `-- +migrate Up` / `-- +migrate Down` sections;
 * `notransaction` on a marker line runs that section outside a transaction.
 * @module
 */
import type { MigrationFormat } from '../model.js'
import { hasMarkedSections, readMarkedSections } from './marked-sections.js'

const SQL_MIGRATE = {
  word: 'migrate',
  tool: 'sql-migrate',
  noTransaction: (options: string) => /\bnotransaction\b/i.test(options),
}

/**
 * Reads a sql-migrate folder (numeric prefixes sorted numerically).
 *
 * @example
 * const migrations = await sqlMigrateFormat.read('migrations')
 */
export const sqlMigrateFormat: MigrationFormat = {
  name: 'sql-migrate',
  supportsDown: true,
  describe: 'sql-migrate: <n>_<name>.sql with -- +migrate Up / -- +migrate Down',
  detect: (dir) => hasMarkedSections(dir, 'migrate'),
  read: (dir) => readMarkedSections(dir, SQL_MIGRATE),
}
