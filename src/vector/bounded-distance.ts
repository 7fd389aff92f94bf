/**
 * Distances that stop early, so the in-process ground truth skips most of the work of an exact
 * scan in SQL. L2 and L1: their float32 sums only grow (every term is ≥ 0 and rounding is
 * monotonic), so once a partial sum reaches the k-th best so far the row cannot enter the top k.
 * Inner product and cosine: the rest of a dot product is bounded by Cauchy–Schwarz on the
 * remaining dimensions (suffix norms per row and per query). Both are proved in float64 first
 * (no chain of float32 roundings, so several times faster), with a rigorous margin for the float32
 * rounding pgvector's sum makes (`keptFraction`, `roundingFraction`); a row not ruled out is
 * summed in float32 in pgvector's order, so a result that is returned is, bit for bit, what
 * `distance()` gives.
 * @module
 */

const f = Math.fround
/** Dimensions summed between bound checks (a check per element would cost more than it saves). */
const STRIDE = 32
/** The block size of `suffixNorms`: one suffix norm per `BLOCK` dimensions. */
export const BLOCK = STRIDE

/** The unit roundoff of float32: every float32 `+`, `-` and `*` is exact up to a factor (1 ± U). */
export const U = 2 ** -24

/**
 * A lower bound of pgvector's float32 L2 or L1 sum as a fraction of the exact sum of its terms:
 * every term is ≥ 0 and goes through at most dims + 3 roundings (the difference, the square, the
 * running sum), each losing at most a factor (1 − U); so the float32 sum is at least
 * (1 − γ(dims + 3))·exact, γ(m) = m·U / (1 − m·U), doubled here, less 1e-10 for the float64
 * arithmetic of the bound. Products and differences that fall into float32 subnormals lose at
 * most 2^-150 each: `SUBNORMAL_SLACK` per dimension covers them.
 */
function keptFraction(dims: number): number {
  const m = dims + 3
  return 1 - (2 * m * U) / (1 - m * U) - 1e-10
}
const SUBNORMAL_SLACK = 2 ** -147

/**
 * The float32 sum of squared differences (L2 before its square root), or `Infinity` as soon as
 * it provably reaches `bound`. Proved first in float64 (four running sums, no chain of float32
 * roundings: several times faster): the float64 partial sum times `keptFraction` is a lower bound
 * of the float32 result, which only grows. A row that is not ruled out is summed in float32, in
 * order, as pgvector does, still stopping when the float32 partial sum reaches `bound`.
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
  if (bound < Number.POSITIVE_INFINITY) {
    const kept = keptFraction(dims)
    const slack = (dims + 1) * SUBNORMAL_SLACK
    let p0 = 0
    let p1 = 0
    let p2 = 0
    let p3 = 0
    let i = 0
    while (i < dims) {
      const end = Math.min(dims, i + STRIDE)
      for (; i + 3 < end; i += 4) {
        const d0 = a[ao + i]! - b[bo + i]!
        const d1 = a[ao + i + 1]! - b[bo + i + 1]!
        const d2 = a[ao + i + 2]! - b[bo + i + 2]!
        const d3 = a[ao + i + 3]! - b[bo + i + 3]!
        p0 += d0 * d0
        p1 += d1 * d1
        p2 += d2 * d2
        p3 += d3 * d3
      }
      for (; i < end; i++) {
        const d = a[ao + i]! - b[bo + i]!
        p0 += d * d
      }
      if ((p0 + p1 + (p2 + p3)) * kept - slack >= bound) return Number.POSITIVE_INFINITY
    }
  }
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
 * The float32 L1 sum, or `Infinity` as soon as it provably reaches `bound`: proved in float64
 * first, then summed in float32 as pgvector does, like `l2SumBounded`.
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
  if (bound < Number.POSITIVE_INFINITY) {
    const kept = keptFraction(dims)
    const slack = (dims + 1) * SUBNORMAL_SLACK
    let p0 = 0
    let p1 = 0
    let p2 = 0
    let p3 = 0
    let i = 0
    while (i < dims) {
      const end = Math.min(dims, i + STRIDE)
      for (; i + 3 < end; i += 4) {
        p0 += Math.abs(a[ao + i]! - b[bo + i]!)
        p1 += Math.abs(a[ao + i + 1]! - b[bo + i + 1]!)
        p2 += Math.abs(a[ao + i + 2]! - b[bo + i + 2]!)
        p3 += Math.abs(a[ao + i + 3]! - b[bo + i + 3]!)
      }
      for (; i < end; i++) p0 += Math.abs(a[ao + i]! - b[bo + i]!)
      if ((p0 + p1 + (p2 + p3)) * kept - slack >= bound) return Number.POSITIVE_INFINITY
    }
  }
  let sum = 0
  let i = 0
  while (i < dims) {
    const end = Math.min(dims, i + STRIDE)
    for (; i < end; i++) sum = f(sum + Math.abs(f(a[ao + i]! - b[bo + i]!)))
    if (sum >= bound) return Number.POSITIVE_INFINITY
  }
  return sum
}

/** Dimensions per value of `blockSums`: the L1 pre-check reads dims / L1_BLOCK values per row. */
export const L1_BLOCK = 16

/**
 * Per row, the float64 sum of each block of `L1_BLOCK` dimensions, then the row's Σ|x_i|:
 * `out[r * (blocks + 1) + b]`, blocks = ⌈dims / L1_BLOCK⌉, the last of each row its L1 norm.
 *
 * @example
 * const sums = blockSums(vectors, count, 1536) // count × 193 values
 */
export function blockSums(v: Float32Array, count: number, dims: number): Float64Array {
  const blocks = Math.ceil(dims / L1_BLOCK)
  const out = new Float64Array(count * (blocks + 1))
  for (let r = 0; r < count; r++) {
    const o = r * dims
    const at = r * (blocks + 1)
    let norm = 0
    for (let b = 0; b < blocks; b++) {
      let sum = 0
      const end = Math.min(dims, (b + 1) * L1_BLOCK)
      for (let i = b * L1_BLOCK; i < end; i++) {
        const x = v[o + i]!
        sum += x
        norm += Math.abs(x)
      }
      out[at + b] = sum
    }
    out[at + blocks] = norm
  }
  return out
}

/**
 * Whether the float32 L1 distance of two rows provably reaches `bound`, from their `blockSums`
 * alone (dims / L1_BLOCK values instead of dims): within a block, Σ|a_i − b_i| ≥ |Σa_i − Σb_i|
 * (triangle inequality), so the sum over blocks is a lower bound of the exact L1 sum. The float64
 * block sums, their differences and the total are each within (dims + 2·blocks + 8)·2^-52 of
 * ‖a‖₁ + ‖b‖₁ (every value summed is at most that in size); that margin comes off before
 * `keptFraction` turns the exact bound into one of pgvector's float32 sum. Far rows of clustered
 * data are ruled out here at an eighth of the cost of `l1SumBounded`'s float64 pass.
 *
 * @example
 * l1RuledOutByBlocks(querySums, q * 193, rowSums, r * 193, 1536, worst)
 */
export function l1RuledOutByBlocks(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  dims: number,
  bound: number,
): boolean {
  if (!(bound < Number.POSITIVE_INFINITY)) return false
  const blocks = Math.ceil(dims / L1_BLOCK)
  let p0 = 0
  let p1 = 0
  let i = 0
  for (; i + 1 < blocks; i += 2) {
    p0 += Math.abs(a[ao + i]! - b[bo + i]!)
    p1 += Math.abs(a[ao + i + 1]! - b[bo + i + 1]!)
  }
  if (i < blocks) p0 += Math.abs(a[ao + i]! - b[bo + i]!)
  const margin = (dims + 2 * blocks + 8) * 2 ** -52 * (a[ao + blocks]! + b[bo + blocks]!)
  return (p0 + p1 - margin) * keptFraction(dims) - (dims + 1) * SUBNORMAL_SLACK >= bound
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

/**
 * ‖row‖² of every row as pgvector sums it (float32, in order): `dotSum(v, o, v, o, dims)` per row,
 * four rows at a time so the four chains of float32 roundings run side by side.
 *
 * @example
 * squaredNorms(vectors, count, 1536)[0] // dotSum(vectors, 0, vectors, 0, 1536)
 */
export function squaredNorms(v: Float32Array, count: number, dims: number): Float64Array {
  const out = new Float64Array(count)
  let r = 0
  for (; r + 3 < count; r += 4) {
    const o = r * dims
    let n0 = 0
    let n1 = 0
    let n2 = 0
    let n3 = 0
    for (let i = 0; i < dims; i++) {
      const x0 = v[o + i]!
      const x1 = v[o + dims + i]!
      const x2 = v[o + 2 * dims + i]!
      const x3 = v[o + 3 * dims + i]!
      n0 = f(n0 + f(x0 * x0))
      n1 = f(n1 + f(x1 * x1))
      n2 = f(n2 + f(x2 * x2))
      n3 = f(n3 + f(x3 * x3))
    }
    out[r] = n0
    out[r + 1] = n1
    out[r + 2] = n2
    out[r + 3] = n3
  }
  for (; r < count; r++) out[r] = dotSum(v, r * dims, v, r * dims, dims)
  return out
}

/**
 * The suffix norms of each row, per block of `STRIDE` dimensions: `out[r * blocks + b]` is
 * √(Σ x_i², i ≥ b·STRIDE) in float64 (each square of a float32 is exact in float64; the sum and
 * the root are within ~1e-12 relative, which `roundingFraction` allows for).
 *
 * @example
 * const norms = suffixNorms(vectors, count, 1536) // count × 48 values
 */
export function suffixNorms(v: Float32Array, count: number, dims: number): Float64Array {
  const blocks = Math.ceil(dims / STRIDE)
  const out = new Float64Array(count * blocks)
  for (let r = 0; r < count; r++) {
    const o = r * dims
    let sum = 0
    for (let b = blocks - 1; b >= 0; b--) {
      const end = Math.min(dims, (b + 1) * STRIDE)
      for (let i = b * STRIDE; i < end; i++) {
        const x = v[o + i]!
        sum += x * x
      }
      out[r * blocks + b] = Math.sqrt(sum)
    }
  }
  return out
}

/**
 * How far pgvector's float32 dot product of `dims` dimensions can be from the exact (real) dot
 * product, as a fraction of `norms` = ‖a‖·‖b‖ ≥ Σ|a_i b_i|: the `dims` roundings of the products and
 * the `dims` roundings of the running sum move it by at most γ(dims)·Σ|a_i b_i|,
 * γ(m) = m·U / (1 − m·U) (recursive summation, Higham §4.2); doubled here, plus 1e-10 for the
 * float64 arithmetic of the bound itself (the float64 dot product, the norms, the sums).
 */
function roundingFraction(dims: number): number {
  const m = dims + 1
  return (2 * m * U) / (1 - m * U) + 1e-10
}

/**
 * The float32 dot product summed in order as pgvector does, or `-Infinity` as soon as it provably
 * cannot end above `floor`. The proof is done in float64 first, block by block of `STRIDE`
 * dimensions: (exact dot of the dimensions so far, float64) + ‖a_rest‖·‖b_rest‖ (Cauchy–Schwarz
 * on the rest, from the suffix norms `an`/`bn` of `suffixNorms` at `ano`/`bno`) + the largest
 * rounding of the float32 sum (`roundingFraction` · ‖a‖·‖b‖, plus dims·2^-148 for products that
 * fall into float32 subnormals) ≤ `floor`. A row that survives every check up to the full float64
 * dot product is summed again in float32, in order: that value is returned. The float64 pass has
 * no chain of float32 roundings, so it runs several times faster than the exact sum. A `floor` of
 * `-Infinity` or NaN, or norms past 1e38 (the float32 sum could overflow), never stop the sum.
 *
 * @example
 * dotSumBounded(q, 0, qn, 0, v, 0, vn, 0, 1536, -worst) // inner product: -dot is the distance
 */
export function dotSumBounded(
  a: Float32Array,
  ao: number,
  an: Float64Array,
  ano: number,
  b: Float32Array,
  bo: number,
  bn: Float64Array,
  bno: number,
  dims: number,
  floor: number,
): number {
  const norms = an[ano]! * bn[bno]!
  if (floor > Number.NEGATIVE_INFINITY && norms < 1e38) {
    const margin = roundingFraction(dims) * norms + (dims + 1) * 2 ** -148
    let p0 = 0
    let p1 = 0
    let p2 = 0
    let p3 = 0
    let i = 0
    let block = 0
    while (i < dims) {
      if (p0 + p1 + (p2 + p3) + an[ano + block]! * bn[bno + block]! + margin <= floor)
        return Number.NEGATIVE_INFINITY
      const end = Math.min(dims, i + STRIDE)
      for (; i + 3 < end; i += 4) {
        p0 += a[ao + i]! * b[bo + i]!
        p1 += a[ao + i + 1]! * b[bo + i + 1]!
        p2 += a[ao + i + 2]! * b[bo + i + 2]!
        p3 += a[ao + i + 3]! * b[bo + i + 3]!
      }
      for (; i < end; i++) p0 += a[ao + i]! * b[bo + i]!
      block++
    }
    if (p0 + p1 + (p2 + p3) + margin <= floor) return Number.NEGATIVE_INFINITY
  }
  return dotSum(a, ao, b, bo, dims)
}
