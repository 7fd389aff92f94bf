/** PostgreSQL silently truncates identifiers to 63 bytes, so two long names can collide. */
import { scanTokens } from '../../../sql/index.js'
import type { LintRule } from '../types.js'

const LIMIT = 63

/** Identifiers of a statement, from the real scanner (the parser already truncated them). */
function identifiers(text: string): string[] {
  return scanTokens(text)
    .filter((t) => t.tokenName === 'IDENT')
    .map((t) => (t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase()))
}

/**
 * Flags identifiers (table, column, index, constraint names…) longer than 63 bytes.
 *
 * @example
 * // flagged: create index an_index_name_that_goes_on_and_on_… on t (c);
 */
export const identifierTooLong: LintRule = {
  id: 'identifier-too-long',
  severity: 'error',
  summary: 'Identifiers longer than 63 bytes are truncated',
  check(s) {
    return [...new Set(identifiers(s.text))]
      .filter((name) => Buffer.byteLength(name, 'utf8') > LIMIT)
      .map((name) => ({
        message: `"${name}" is ${Buffer.byteLength(name, 'utf8')} bytes; PostgreSQL truncates it to 63, so it may collide with another name and will not match in later migrations.`,
        fix: 'Use a name of at most 63 bytes.',
      }))
  },
}
