/**
 * The vector column a check works on: its table (as a quoted regclass name), type and declared
 * dimensions. A missing table or column, or a column that is not a vector, is a clear error.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { quoteIdent } from '../sql/index.js'
import { inputError } from './input-checks.js'

/** The three pgvector types whose values are float vectors. */
export type VectorType = 'vector' | 'halfvec' | 'sparsevec'

/** A resolved vector column. */
export interface VectorColumn {
  /** The table as PostgreSQL quotes it (`items`, `app."Items"`). */
  readonly table: string
  readonly column: string
  /** `column`, quoted for SQL. */
  readonly columnSql: string
  readonly type: VectorType
  /** Declared dimensions, or null for an undeclared `vector` column. */
  readonly dimensions: number | null
  readonly attnum: number
  readonly tableOid: number
}

/**
 * Looks the column up in the catalog.
 *
 * @example
 * const col = await vectorColumn(client, 'items', 'embedding') // { type: 'vector', dimensions: 128, … }
 */
export async function vectorColumn(db: Queryable, table: string, column: string): Promise<VectorColumn> {
  const { rows: tables } = await db.query<{ oid: number | null; name: string | null }>(
    'SELECT to_regclass($1)::oid AS oid, to_regclass($1)::text AS name',
    [table],
  )
  const found = tables[0]
  if (found?.oid === null || found?.oid === undefined || found.name === null) {
    throw inputError(
      `check ${table}.${column}`,
      `there is no table ${table}`,
      'Check the name (and its schema).',
    )
  }
  const { rows } = await db.query<{ attname: string; type: string; typmod: number; attnum: number }>(
    `SELECT a.attname, format_type(a.atttypid, NULL) AS type, a.atttypmod AS typmod, a.attnum
       FROM pg_attribute a
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [found.oid],
  )
  const bare = (t: string) => t.replace(/^.*\./, '').replaceAll('"', '')
  const vectorColumns = rows.filter((r) => ['vector', 'halfvec', 'sparsevec'].includes(bare(r.type)))
  const list = vectorColumns.map((r) => r.attname).join(', ') || 'none'
  const match = rows.find((r) => r.attname === column)
  if (match === undefined) {
    throw inputError(
      `check ${found.name}.${column}`,
      `${found.name} has no column ${column}`,
      `Use one of its vector columns (${list}).`,
    )
  }
  const type = bare(match.type)
  if (type !== 'vector' && type !== 'halfvec' && type !== 'sparsevec') {
    throw inputError(
      `check ${found.name}.${column}`,
      `the column is ${match.type}, not a vector (vector, halfvec or sparsevec)`,
      `Use one of its vector columns (${list}).`,
    )
  }
  return {
    table: found.name,
    column,
    columnSql: quoteIdent(column),
    type,
    dimensions: match.typmod > 0 ? match.typmod : null,
    attnum: match.attnum,
    tableOid: found.oid,
  }
}
