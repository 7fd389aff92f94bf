/**
 * The error of the vector checks: pgvector missing (`PGT_VECTOR_MISSING`) or bad input
 * (`PGT_VECTOR_INPUT`: wrong dimensions, NaN, a column that is not a vector, an index of another
 * kind, k larger than the table). Thrown before anything is written.
 * @module
 */
import { PgtestbedError } from '../errors.js'

/**
 * A vector check that cannot run; the message says what failed, why, and how to fix it.
 *
 * @example
 * try { await checkRecall(db, { table: 'items', column: 'embedding' }) } catch (err) {
 *   if (err instanceof VectorError && err.code === 'PGT_VECTOR_MISSING') console.error(err.message)
 * }
 */
export class VectorError extends PgtestbedError {
  constructor(
    code: 'PGT_VECTOR_MISSING' | 'PGT_VECTOR_INPUT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options)
  }
}
