/**
 * Exact k-nearest neighbours in-process over typed arrays: the ground truth that recall is
 * measured against, computed with the same float32 arithmetic as pgvector's operators.
 * @module
 */
import {
  BLOCK,
  blockSums,
  dotSumBounded,
  L1_BLOCK,
  l1RuledOutByBlocks,
  l1SumBounded,
  l2SumBounded,
  squaredNorms,
  suffixNorms,
} from './bounded-distance.js'
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

/** pgvector's cosine distance from the float32 dot product and `den` = √(‖a‖²·‖b‖²) in float64. */
function cosineKey(dot: number, den: number): number {
  return 1 - Math.min(1, Math.max(-1, dot / den))
}

/**
 * A dot product at or below which the cosine distance is ≥ `worst` (so the row cannot enter the
 * top k), or -Infinity when there is none to rely on (a zero vector, a list not yet full, NaN).
 * `cosineKey` is monotonic in the dot product (every float64 step rounds monotonically), so it is
 * enough that the floor itself maps to ≥ `worst`; it is checked, not assumed.
 */
function cosineFloor(worst: number, den: number): number {
  if (!(den > 0 && den < Number.POSITIVE_INFINITY && worst <= 2)) return Number.NEGATIVE_INFINITY
  let floor = (1 - worst) * den
  let step = Math.abs(floor) * 1e-12 + den * 1e-15
  for (let tries = 0; tries < 4; tries++, step *= 1000) {
    floor -= step
    if (cosineKey(floor, den) >= worst) return floor
  }
  return Number.NEGATIVE_INFINITY
}

/** Whether distance `a` sorts before `b` as PostgreSQL orders float8: NaN after every number. */
function before(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a))
}

/** What the search of one metric precomputes: norms per row (cosine) and suffix norms (ip, cosine). */
interface Prepared {
  /** ‖row‖² as the float32 sum pgvector makes, per row (cosine only). */
  readonly norms: Float64Array
  /** The same per query (cosine only). */
  readonly queryNorms: Float64Array
  /** Suffix norms per row and per query (`suffixNorms`), ip and cosine. */
  readonly rowSuffix: Float64Array
  readonly querySuffix: Float64Array
  /** Block sums and L1 norms per row and per query (`blockSums`), l1 only. */
  readonly rowSums: Float64Array
  readonly querySums: Float64Array
  readonly blocks: number
}

function prepare(metric: Metric, vectors: Float32Array, queries: Float32Array, dims: number): Prepared {
  const rowCount = vectors.length / dims
  const norms = metric === 'cosine' ? squaredNorms(vectors, rowCount, dims) : new Float64Array(0)
  const dot = metric === 'ip' || metric === 'cosine'
  return {
    norms,
    queryNorms:
      metric === 'cosine' ? squaredNorms(queries, queries.length / dims, dims) : new Float64Array(0),
    rowSuffix: dot ? suffixNorms(vectors, rowCount, dims) : new Float64Array(0),
    querySuffix: dot ? suffixNorms(queries, queries.length / dims, dims) : new Float64Array(0),
    rowSums: metric === 'l1' ? blockSums(vectors, rowCount, dims) : new Float64Array(0),
    querySums: metric === 'l1' ? blockSums(queries, queries.length / dims, dims) : new Float64Array(0),
    blocks: Math.ceil(dims / BLOCK),
  }
}

/**
 * Brute-force search of every query against every row (k-best kept in a sorted insertion list),
 * each row summed only as far as it may still enter the top k (see bounded-distance.ts). Ties keep
 * the lower row number first; NaN distances (cosine of a zero vector) sort last, as in PostgreSQL.
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
  const dims = dimensions
  const rowCount = vectors.length / dims
  const queryCount = queries.length / dims
  const keep = Math.min(k, rowCount)
  const rows = new Int32Array(queryCount * k).fill(-1)
  const distances = new Float64Array(queryCount * k).fill(Number.POSITIVE_INFINITY)
  const { norms, queryNorms, rowSuffix, querySuffix, rowSums, querySums, blocks } = prepare(
    metric,
    vectors,
    queries,
    dims,
  )
  const sumsStride = Math.ceil(dims / L1_BLOCK) + 1
  for (let q = 0; q < queryCount; q++) {
    const qo = q * dims
    const qb = q * blocks
    const qn = queryNorms[q] ?? 0
    const base = q * k
    let worst = Number.POSITIVE_INFINITY
    let filled = 0
    for (let r = 0; r < rowCount; r++) {
      const bound = filled === keep ? worst : Number.POSITIVE_INFINITY
      let d: number
      if (metric === 'l2') d = l2SumBounded(queries, qo, vectors, r * dims, dims, bound)
      else if (metric === 'l1')
        d = l1RuledOutByBlocks(querySums, q * sumsStride, rowSums, r * sumsStride, dims, bound)
          ? Number.POSITIVE_INFINITY
          : l1SumBounded(queries, qo, vectors, r * dims, dims, bound)
      else if (metric === 'ip')
        d = -dotSumBounded(
          queries,
          qo,
          querySuffix,
          qb,
          vectors,
          r * dims,
          rowSuffix,
          r * blocks,
          dims,
          -bound,
        )
      else {
        const den = Math.sqrt(qn * norms[r]!)
        const floor = cosineFloor(bound, den)
        d = cosineKey(
          dotSumBounded(queries, qo, querySuffix, qb, vectors, r * dims, rowSuffix, r * blocks, dims, floor),
          den,
        )
      }
      if (filled === keep && !before(d, worst)) continue
      // Insert d into the sorted list, dropping the last entry when it is full.
      let at = filled === keep ? keep - 1 : filled++
      while (at > 0 && before(d, distances[base + at - 1]!)) {
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
