/**
 * Rounding to IEEE half precision (round to nearest, ties to even), as `halfvec` stores a value:
 * the text is read as float32 first, then narrowed to half. (Math.f16round is newer than Node 20.)
 * @module
 */

/** The largest finite half value; beyond (after rounding) pgvector rejects the value. */
export const HALF_MAX = 65504

/**
 * The half-precision value nearest to `x` read as float32 (a double holding it exactly).
 *
 * @example
 * f16round(1 / 3) // 0.333251953125
 */
export function f16round(x: number): number {
  const v = Math.fround(x)
  if (v === 0 || !Number.isFinite(v)) return v
  const a = Math.abs(v)
  let e = Math.floor(Math.log2(a))
  if (2 ** e > a) e--
  else if (2 ** (e + 1) <= a) e++
  const ulp = 2 ** (Math.max(e, -14) - 10)
  const scaled = a / ulp
  let r = Math.floor(scaled)
  const rest = scaled - r
  if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r++
  const out = r * ulp
  return Math.sign(v) * (out > HALF_MAX ? Number.POSITIVE_INFINITY : out)
}
