/**
 * Checks of vector input, shared by every vector function: each failure is a VectorError
 * (`PGT_VECTOR_INPUT`) raised before anything is written.
 * @module
 */
import { failure } from '../errors.js'
import { VectorError } from './vector-error.js'

/** A `PGT_VECTOR_INPUT` error in the one message pattern. */
export function inputError(what: string, why: string, fix: string): VectorError {
  return new VectorError('PGT_VECTOR_INPUT', failure(what, why, fix))
}

/**
 * Throws unless `values` holds whole rows of `dimensions` finite numbers; `label` names the input.
 *
 * @example
 * checkVectors(new Float32Array([1, 2, 3, 4]), 2, 'the queries') // ok: 2 rows
 */
export function checkVectors(values: ArrayLike<number>, dimensions: number, label: string): number {
  if (values.length % dimensions !== 0) {
    throw inputError(
      `use ${label}`,
      `${values.length} numbers are not whole rows of ${dimensions} dimensions`,
      `Give each vector exactly ${dimensions} components.`,
    )
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) {
      const row = Math.floor(i / dimensions)
      throw inputError(
        `use ${label}`,
        `vector ${row} has ${v} at component ${i % dimensions}; pgvector stores finite float32 values only`,
        'Replace NaN and infinite values (and values beyond ±3.4e38) before loading or searching.',
      )
    }
  }
  return values.length / dimensions
}

/** Throws unless `k` is a whole number ≥ 1 and at most `rows`. */
export function checkK(k: number, rows: number, table: string): void {
  if (!Number.isInteger(k) || k < 1)
    throw inputError(`search ${table}`, `k is ${k}`, 'Give k as a whole number ≥ 1 (e.g. 10).')
  if (k > rows) {
    throw inputError(
      `search ${table}`,
      `k is ${k} but the table has ${rows} rows to search`,
      `Use k ≤ ${rows}, or load more rows.`,
    )
  }
}
