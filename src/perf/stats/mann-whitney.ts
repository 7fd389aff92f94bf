/**
 * The Mann–Whitney U test (one-sided: is `b` stochastically larger than `a`?), a rank test that
 * assumes nothing about the shape of the timing distribution. Exact p-value for small samples
 * (by counting arrangements), normal approximation with tie correction for larger ones.
 * @module
 */

/** U of `b` over `a` and the one-sided p-value of "b tends to be larger". */
export interface RankTest {
  readonly u: number
  readonly p: number
}

/**
 * One-sided Mann–Whitney U test.
 *
 * @example
 * mannWhitneyGreater([1, 2, 3], [4, 5, 6]).p // 0.05
 */
export function mannWhitneyGreater(a: readonly number[], b: readonly number[]): RankTest {
  const n1 = a.length
  const n2 = b.length
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1 }
  // U counts pairs (x in a, y in b) with y > x, ties as one half.
  let u = 0
  for (const x of a) for (const y of b) u += y > x ? 1 : y === x ? 0.5 : 0
  const ties = a.some((x) => b.includes(x))
  if (n1 * n2 <= 400 && !ties) return { u, p: exactUpperTail(n1, n2, u) }
  return { u, p: normalUpperTail(a, b, u) }
}

/** P(U ≥ u) under the null, counting arrangements of ranks (dynamic programming). */
function exactUpperTail(n1: number, n2: number, u: number): number {
  // counts[i][j][k]: arrangements of i a-values and j b-values with U = k.
  const max = n1 * n2
  let prev: number[][] = Array.from({ length: n2 + 1 }, () => new Array<number>(max + 1).fill(0))
  for (let j = 0; j <= n2; j++) (prev[j] as number[])[0] = 1
  for (let i = 1; i <= n1; i++) {
    const next: number[][] = Array.from({ length: n2 + 1 }, () => new Array<number>(max + 1).fill(0))
    ;(next[0] as number[])[0] = 1
    for (let j = 1; j <= n2; j++) {
      const row = next[j] as number[]
      const left = next[j - 1] as number[] // last in order is a b-value: it beats the i a-values
      const up = prev[j] as number[] // last is an a-value: beats no b-value
      for (let k = 0; k <= max; k++) row[k] = (up[k] ?? 0) + (k >= i ? (left[k - i] ?? 0) : 0)
    }
    prev = next
  }
  const dist = prev[n2] as number[]
  const total = dist.reduce((s, c) => s + c, 0)
  let tail = 0
  for (let k = Math.ceil(u); k <= max; k++) tail += dist[k] ?? 0
  return tail / total
}

function normalUpperTail(a: readonly number[], b: readonly number[], u: number): number {
  const n1 = a.length
  const n2 = b.length
  const n = n1 + n2
  const counts = new Map<number, number>()
  for (const v of [...a, ...b]) counts.set(v, (counts.get(v) ?? 0) + 1)
  let tieSum = 0
  for (const t of counts.values()) tieSum += t ** 3 - t
  const variance = ((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1)))
  if (variance <= 0) return 1
  const z = (u - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance)
  return 1 - normalCdf(z)
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2))
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-(z * z) / 2)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}
