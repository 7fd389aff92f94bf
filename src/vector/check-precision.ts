/**
 * `checkPrecision()`: writes seeded values of many magnitudes into a `vector`, `halfvec` or
 * `sparsevec` column of a temporary table, reads them back, and reports the error against the
 * written doubles, and whether each value came back as exactly the expected rounding (float32:
 * `Math.fround`; half: round-to-nearest-even of that). Runs in a rolled-back transaction.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { keyedStream } from '../internal/seeded-random.js'
import { requireVector } from './availability.js'
import type { VectorType } from './column.js'
import { f16round } from './float16.js'
import { inputError } from './input-checks.js'
import { withSettings } from './session.js'
import { parseVector } from './vector-text.js'

/** Options of `checkPrecision()`. */
export interface PrecisionOptions {
  readonly type: VectorType
  /** Default 64. */
  readonly dimensions?: number
  /** Vectors written. Default 100. */
  readonly count?: number
  /** Default 1. */
  readonly seed?: number
}

/** Written vs read back. */
export interface PrecisionReport {
  readonly kind: 'precision-report'
  readonly type: VectorType
  readonly values: number
  /** Largest |read back − written|. */
  readonly maxAbsError: number
  readonly meanAbsError: number
  /** Largest |read back − written| / |written| over non-zero values. */
  readonly maxRelError: number
  /** Values that did not come back as the expected rounding (0 when storage is as documented). */
  readonly notAsExpected: number
}

/** Values from 1e-3 to 1e3 (halfvec: to 6e4), signed, with some zeros for the sparse type. */
function values(type: VectorType, n: number, seed: number): Float64Array {
  const random = keyedStream(seed, 4)
  const top = type === 'halfvec' ? 4.7 : 3
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const zero = type === 'sparsevec' && random() < 0.7
    out[i] = zero ? 0 : (random() < 0.5 ? -1 : 1) * 10 ** (random() * (top + 3) - 3)
  }
  return out
}

/**
 * Measures what the server keeps of the values you write.
 *
 * @example
 * const report = await checkPrecision(client, { type: 'halfvec' })
 * report.maxRelError // ≤ 2^-11 for halfvec
 */
export async function checkPrecision(db: Queryable, options: PrecisionOptions): Promise<PrecisionReport> {
  const dims = options.dimensions ?? 64
  const count = options.count ?? 100
  if (!Number.isInteger(dims) || dims < 1 || !Number.isInteger(count) || count < 1)
    throw inputError(
      'check precision',
      `dimensions ${dims}, count ${count}`,
      'Give both as whole numbers ≥ 1.',
    )
  await requireVector(db)
  const written = values(options.type, dims * count, options.seed ?? 1)
  // The doubles as written by JavaScript (shortest double form), not pre-rounded to float32.
  const literal = (i: number) => {
    const row = Array.from(written.subarray(i * dims, (i + 1) * dims))
    if (options.type !== 'sparsevec') return `[${row.join(',')}]`
    return `{${row.flatMap((v, j) => (v === 0 ? [] : [`${j + 1}:${v}`])).join(',')}}/${dims}`
  }
  const texts = await withSettings(db, {}, async (session) => {
    await session.query(`CREATE TEMP TABLE pgtestbed_precision (i integer, v ${options.type}(${dims}))`)
    const lits = Array.from({ length: count }, (_, i) => literal(i))
    await session.query(
      `INSERT INTO pgtestbed_precision SELECT i, v::${options.type}(${dims}) FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)`,
      [lits],
    )
    const { rows } = await session.query<{ v: string }>(
      'SELECT v::text AS v FROM pgtestbed_precision ORDER BY i',
    )
    return rows.map((r) => r.v)
  })
  const read = new Float32Array(dims * count)
  texts.forEach((t, i) => {
    parseVector(t, read, i * dims)
  })
  const expected = options.type === 'halfvec' ? f16round : Math.fround
  let max = 0
  let sum = 0
  let maxRel = 0
  let notAsExpected = 0
  for (let i = 0; i < written.length; i++) {
    const w = written[i]!
    const r = read[i]!
    const err = Math.abs(r - w)
    max = Math.max(max, err)
    sum += err
    if (w !== 0) maxRel = Math.max(maxRel, err / Math.abs(w))
    if (r !== expected(w)) notAsExpected++
  }
  return Object.freeze({
    kind: 'precision-report',
    type: options.type,
    values: written.length,
    maxAbsError: max,
    meanAbsError: sum / written.length,
    maxRelError: maxRel,
    notAsExpected,
  })
}
