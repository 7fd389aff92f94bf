/**
 * Reads a vector column (optionally filtered) into one float32 array, for the ground truth.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import type { VectorColumn } from './column.js'
import { inputError } from './input-checks.js'
import { dimensionsOf, parseVector } from './vector-text.js'

/** The column's non-null vectors, row-major. */
export interface ReadVectors {
  readonly dimensions: number
  readonly count: number
  readonly vectors: Float32Array
}

/**
 * The non-null vectors of the column (rows matching `filter`, a SQL condition, when given; the
 * first `limit` rows, when given).
 *
 * @example
 * const { vectors, count } = await readVectors(client, col, 'tenant_id = 3')
 */
export async function readVectors(
  db: Queryable,
  col: VectorColumn,
  filter?: string,
  limit?: number,
): Promise<ReadVectors> {
  const where = `${col.columnSql} IS NOT NULL${filter === undefined ? '' : ` AND (${filter})`}`
  const { rows } = await db.query<{ v: string }>(
    `SELECT ${col.columnSql}::text AS v FROM ${col.table} WHERE ${where}${limit === undefined ? '' : ` LIMIT ${limit}`}`,
  )
  const first = rows[0]?.v
  const dimensions = col.dimensions ?? (first === undefined ? 0 : dimensionsOf(first))
  const vectors = new Float32Array(rows.length * dimensions)
  rows.forEach((row, i) => {
    const n = parseVector(row.v, vectors, i * dimensions)
    if (n !== dimensions) {
      throw inputError(
        `read ${col.table}.${col.column}`,
        `row ${i + 1} has ${n} dimensions where the others have ${dimensions}`,
        `Declare the column as ${col.type}(${dimensions}) so every row has the same dimensions.`,
      )
    }
  })
  return { dimensions, count: rows.length, vectors }
}
