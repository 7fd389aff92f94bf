/**
 * How far two correct float32 computations of the same distance may be apart. pgvector sums in
 * float32, but the order is the compiler's: PGlite's build adds in sequence (as `distance()`
 * does), while a native build with pgvector's default flags (`-fassociative-math`,
 * `-ffp-contract=fast`) adds in vector lanes and fuses multiplies. Any order stays within the
 * classic bound |fl(Σ t_i) − Σ t_i| ≤ γ(m)·Σ|t_i|, γ(m) = m·u / (1 − m·u), u = 2^-24, where m
 * counts the roundings on a term's way (the difference or product, the square, the sum); two
 * such results are at most twice that apart. Measured on pgvector 0.8.6 built for PostgreSQL
 * 15: inner products 5e-6 apart relative to the value (cancellation), well inside the bound.
 * @module
 */
import { U } from './bounded-distance.js'
import type { Metric } from './metric.js'

/** Slack for products and differences that fall into float32 subnormals, per dimension. */
const SUBNORMAL = 2 ** -147

function gamma(m: number): number {
  return (m * U) / (1 - m * U)
}

/**
 * The largest difference between two float32 computations of `metric` for `a` and `b` (of
 * `dims` values at their offsets) that sum in any order: a server value further from
 * `distance()`'s than this is wrong, not rounded differently.
 *
 * @example
 * Math.abs(sql - distance('ip', a, 0, b, 0, 64)) <= roundingBound('ip', a, 0, b, 0, 64) // true
 */
export function roundingBound(
  metric: Metric,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  dims: number,
): number {
  let absProducts = 0 // Σ|a_i·b_i|
  let squares = 0 // Σ(a_i − b_i)²
  let absDiffs = 0 // Σ|a_i − b_i|
  for (let i = 0; i < dims; i++) {
    const x = a[ao + i] as number
    const y = b[bo + i] as number
    absProducts += Math.abs(x * y)
    squares += (x - y) * (x - y)
    absDiffs += Math.abs(x - y)
  }
  const slack = (dims + 1) * SUBNORMAL
  switch (metric) {
    case 'ip':
      return 2 * (gamma(dims + 1) * absProducts + slack)
    case 'l1':
      return 2 * (gamma(dims + 1) * absDiffs + slack)
    case 'l2': {
      // The sum of squares within a factor (1 ± γ) of its exact value; the square root halves that.
      const sum = gamma(dims + 2) * squares + slack
      return 2 * (Math.sqrt(squares + sum) - Math.sqrt(Math.max(0, squares - sum))) + 1e-12
    }
    case 'cosine':
      // The similarity's error: the dot product's over the norms (≤ γ, by Cauchy–Schwarz), plus
      // the norms' own (≤ γ): both servers within 2γ of the exact value, and a little for float64.
      return 4 * gamma(dims + 1) + 1e-12
  }
}
