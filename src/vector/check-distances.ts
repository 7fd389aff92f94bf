/**
 * `checkDistances()`: the server's distance operators (`<->`, `<#>`, `<=>`, `<+>`) against the
 * exact computation in JavaScript (float32 sums, as pgvector does), over seeded vector pairs. A
 * server agrees when every value is within the rounding two float32 sums in different orders can
 * differ by (`roundingBound`): a native pgvector sums in vector lanes, PGlite's in sequence.
 * Runs on a temporary table in a rolled-back transaction.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { requireVector } from './availability.js'
import { inputError } from './input-checks.js'
import { distance, METRICS, type Metric, OPERATOR } from './metric.js'
import { roundingBound } from './rounding-bound.js'
import { withSettings } from './session.js'
import { syntheticDataset } from './synthetic.js'
import { vectorLiteral } from './vector-text.js'

/** Options of `checkDistances()`. */
export interface DistanceOptions {
  /** Default 64. */
  readonly dimensions?: number
  /** Pairs compared per operator. Default 200. */
  readonly pairs?: number
  /** Default 1. */
  readonly seed?: number
}

/** One operator's agreement with JavaScript. */
export interface OperatorAgreement {
  readonly metric: Metric
  readonly operator: string
  readonly pairs: number
  /** Pairs where the server returned exactly the JavaScript value. */
  readonly identical: number
  /** Pairs within the rounding bound (`roundingBound`): all of them, for a correct operator. */
  readonly withinBound: number
  /** The largest difference as a fraction of its pair's rounding bound (≤ 1 when all agree). */
  readonly maxErrorOverBound: number
  readonly maxAbsError: number
  readonly maxRelError: number
}

/** The result: one row per operator. */
export interface DistanceReport {
  readonly kind: 'distance-report'
  readonly dimensions: number
  readonly operators: readonly OperatorAgreement[]
}

/**
 * Compares every operator on the same pairs.
 *
 * @example
 * const report = await checkDistances(client, { dimensions: 128 })
 * report.operators.every((o) => o.withinBound === o.pairs) // true
 */
export async function checkDistances(db: Queryable, options: DistanceOptions = {}): Promise<DistanceReport> {
  const dims = options.dimensions ?? 64
  const pairs = options.pairs ?? 200
  if (!Number.isInteger(pairs) || pairs < 1)
    throw inputError('check distances', `pairs is ${pairs}`, 'Give a whole number ≥ 1.')
  await requireVector(db)
  const data = syntheticDataset({ count: pairs, queries: pairs, dimensions: dims, seed: options.seed ?? 1 })
  const a = Array.from({ length: pairs }, (_, i) => vectorLiteral(data.vectors, i * dims, dims))
  const b = Array.from({ length: pairs }, (_, i) => vectorLiteral(data.queries, i * dims, dims))
  const select = METRICS.map((m) => `a ${OPERATOR[m]} b AS ${m}`).join(', ')
  const rows = await withSettings(db, {}, async (session) => {
    const result = await session.query<Record<Metric, number>>(
      `SELECT ${select} FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(ta, tb, i),
              LATERAL (SELECT ta::vector(${dims}) AS a, tb::vector(${dims}) AS b) AS v ORDER BY i`,
      [a, b],
    )
    return result.rows
  })
  const operators = METRICS.map((metric) => {
    let identical = 0
    let withinBound = 0
    let maxOverBound = 0
    let maxAbs = 0
    let maxRel = 0
    rows.forEach((row, i) => {
      const js = distance(metric, data.vectors, i * dims, data.queries, i * dims, dims)
      const bound = roundingBound(metric, data.vectors, i * dims, data.queries, i * dims, dims)
      const sql = Number(row[metric])
      const err = Math.abs(sql - js)
      if (err === 0) identical++
      if (err <= bound) withinBound++
      maxOverBound = Math.max(maxOverBound, Number.isNaN(err) ? Number.POSITIVE_INFINITY : err / bound)
      maxAbs = Math.max(maxAbs, err)
      if (js !== 0) maxRel = Math.max(maxRel, err / Math.abs(js))
    })
    return {
      metric,
      operator: OPERATOR[metric],
      pairs,
      identical,
      withinBound,
      maxErrorOverBound: maxOverBound,
      maxAbsError: maxAbs,
      maxRelError: maxRel,
    }
  })
  return Object.freeze({ kind: 'distance-report', dimensions: dims, operators })
}
