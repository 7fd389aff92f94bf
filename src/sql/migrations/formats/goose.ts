/**
 * goose: `<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down` sections; a
 * `-- +goose NO TRANSACTION` line runs the whole file outside a transaction.
 * @module
 */
import type { MigrationFormat } from '../model.js'
import { hasMarkedSections, readMarkedSections } from './marked-sections.js'

const GOOSE = {
  word: 'goose',
  tool: 'goose',
  noTransaction: (_options: string, text: string) => /^\s*--\s*\+goose\s+no\s+transaction\b/im.test(text),
}

/**
 * Reads a goose folder of SQL migrations (versions sorted numerically).
 *
 * @example
 * const migrations = await gooseFormat.read('db/migrations')
 */
export const gooseFormat: MigrationFormat = {
  name: 'goose',
  supportsDown: true,
  describe: 'goose: <version>_<name>.sql with -- +goose Up / -- +goose Down',
  detect: (dir) => hasMarkedSections(dir, 'goose'),
  read: (dir) => readMarkedSections(dir, GOOSE),
}
