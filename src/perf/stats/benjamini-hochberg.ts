/**
 * Benjamini–Hochberg: with hundreds of tests each checked for a slowdown, some p-values fall
 * under 0.05 by chance alone; BH adjusts them so the expected share of false alarms among the
 * flagged tests stays under the chosen rate.
 * @module
 */

/**
 * BH-adjusted p-values (q-values), in the order given.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p)
  const q = new Array<number>(m).fill(1)
  let running = 1
  for (let rank = m; rank >= 1; rank--) {
    const item = order[rank - 1] as { p: number; i: number }
    running = Math.min(running, (item.p * m) / rank)
    q[item.i] = Math.min(1, running)
  }
  return q
}
