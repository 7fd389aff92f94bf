/**
 * Exact k-nearest neighbours in-process over typed arrays: the ground truth that recall is
 * measured against, computed with the same float32 arithmetic as pgvector's operators.
 * @module
 */
import { dotSum, l1SumBounded, l2SumBounded } from './bounded-distance.js'
import type { Metric } from './metric.js'

/** The k nearest rows of each query, nearest first. Row `q`'s entries are at `[q * k, (q + 1) * k)`. */
export interface GroundTruth {
  readonly k: number
  readonly metric: Metric
  readonly queryCount: number
  /** Row numbers into the searched vectors. */
  readonly rows: Int32Array
  readonly distances: Float64Array
}

/**
 * The ranking key of a row, or Infinity once it cannot beat `worst` (L2 and L1 stop summing
 * early). For L2 the key is the float32 sum before the square root: the same order, and an exact
 * bound; the square roots are taken at the end. Cosine takes the two norms precomputed (`qn`,
 * `vn`): the same float32 sums `distance()` makes, so the same result.
 */
function rowKey(
  metric: Metric,
  q: Float32Array,
  qo: number,
  v: Float32Array,
  vo: number,
  dims: number,
  worst: number,
  qn: number,
  vn: number,
): number {
  if (metric === 'l2') return l2SumBounded(q, qo, v, vo, dims, worst)
  if (metric === 'l1') return l1SumBounded(q, qo, v, vo, dims, worst)
  if (metric === 'ip') return -dotSum(q, qo, v, vo, dims)
  return 1 - Math.min(1, Math.max(-1, dotSum(q, qo, v, vo, dims) / Math.sqrt(qn * vn)))
}

/**
 * Brute-force search of every query against every row (k-best kept in a sorted insertion list).
 *
 * @example
 * const truth = exactNeighbours(data.vectors, data.queries, 128, 10, 'l2')
 * truth.distances[9] // the 10th distance of query 0
 */
export function exactNeighbours(
  vectors: Float32Array,
  queries: Float32Array,
  dimensions: number,
  k: number,
  metric: Metric,
): GroundTruth {
  const rowCount = vectors.length / dimensions
  const queryCount = queries.length / dimensions
  const keep = Math.min(k, rowCount)
  const rows = new Int32Array(queryCount * k).fill(-1)
  const distances = new Float64Array(queryCount * k).fill(Number.POSITIVE_INFINITY)
  const norms = new Float64Array(metric === 'cosine' ? rowCount : 0)
  for (let r = 0; r < norms.length; r++)
    norms[r] = dotSum(vectors, r * dimensions, vectors, r * dimensions, dimensions)
  for (let q = 0; q < queryCount; q++) {
    const qn = metric === 'cosine' ? dotSum(queries, q * dimensions, queries, q * dimensions, dimensions) : 0
    const base = q * k
    let worst = Number.POSITIVE_INFINITY
    let filled = 0
    for (let r = 0; r < rowCount; r++) {
      const d = rowKey(
        metric,
        queries,
        q * dimensions,
        vectors,
        r * dimensions,
        dimensions,
        filled === keep ? worst : Number.POSITIVE_INFINITY,
        qn,
        norms[r] ?? 0,
      )
      if (filled === keep && d >= worst) continue
      // Insert d into the sorted list, dropping the last entry when it is full.
      let at = filled === keep ? keep - 1 : filled++
      while (at > 0 && distances[base + at - 1]! > d) {
        distances[base + at] = distances[base + at - 1]!
        rows[base + at] = rows[base + at - 1]!
        at--
      }
      distances[base + at] = d
      rows[base + at] = r
      worst = distances[base + keep - 1]!
    }
  }
  if (metric === 'l2') for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!)
  return { k, metric, queryCount, rows, distances }
}
