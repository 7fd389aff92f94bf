/**
 * Quoting identifiers for SQL text — the one place it is done. Database, schema, table and
 * column names are always passed through `quoteIdent`, never interpolated bare.
 * @module
 */

/**
 * Double-quotes an identifier for SQL (a `"` inside is doubled).
 *
 * @example
 * quoteIdent('my "db"') // '"my ""db"""'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * A schema-qualified name, each part quoted.
 *
 * @example
 * quoteQualified('public', 'users') // '"public"."users"'
 */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`
}
