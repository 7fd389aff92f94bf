/**
 * L2 and L1 distances that stop early: their float32 sums only grow (every term is ≥ 0 and
 * rounding is monotonic), so once a partial sum reaches the k-th best so far the row cannot
 * enter the top k. The result, when it is below the bound, is bit for bit what `distance()`
 * gives. This is what makes the in-process ground truth much faster than an exact scan in SQL.
 * @module
 */

const f = Math.fround
/** Dimensions summed between bound checks (a check per element would cost more than it saves). */
const STRIDE = 32

/**
 * The float32 sum of squared differences (L2 before its square root), or `Infinity` as soon as
 * it reaches `bound`.
 *
 * @example
 * l2SumBounded(a, 0, b, 0, 128, Infinity) // the full sum
 */
export function l2SumBounded(
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  dims: number,
  bound: number,
): number {
  let sum = 0
  let i = 0
  while (i < dims) {
    const end = Math.min(dims, i + STRIDE)
    for (; i < end; i++) {
      const d = f(a[ao + i]! - b[bo + i]!)
      sum = f(sum + f(d * d))
    }
    if (sum >= bound) return Number.POSITIVE_INFINITY
  }
  return sum
}

/**
 * The float32 L1 sum, or `Infinity` as soon as it reaches `bound`.
 *
 * @example
 * l1SumBounded(a, 0, b, 0, 128, Infinity) // the full L1 distance
 */
export function l1SumBounded(
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  dims: number,
  bound: number,
): number {
  let sum = 0
  let i = 0
  while (i < dims) {
    const end = Math.min(dims, i + STRIDE)
    for (; i < end; i++) sum = f(sum + Math.abs(f(a[ao + i]! - b[bo + i]!)))
    if (sum >= bound) return Number.POSITIVE_INFINITY
  }
  return sum
}

/**
 * The float32 dot product, summed in order as pgvector does (also a squared norm, with a = b).
 * Cosine needs three such sums per pair; the two norms depend on one side only, so the ground
 * truth computes them once per row and once per query.
 *
 * @example
 * dotSum(a, 0, b, 0, 128)
 */
export function dotSum(a: Float32Array, ao: number, b: Float32Array, bo: number, dims: number): number {
  let dot = 0
  for (let i = 0; i < dims; i++) dot = f(dot + f(a[ao + i]! * b[bo + i]!))
  return dot
}
