/**
 * Recall@k the ann-benchmarks way: a returned neighbour counts when its exact distance is at most
 * the true k-th distance plus 1e-3, so ties and duplicate vectors are not held against an index
 * (https://github.com/erikbern/ann-benchmarks, `knn_threshold` in plotting/metrics.py).
 * Fewer than k rows returned counts the missing ones as misses.
 * @module
 */

/**
 * The tolerance added to the true k-th distance.
 *
 * @example
 * const hit = distance <= kthTrueDistance + RECALL_EPSILON
 */
export const RECALL_EPSILON = 1e-3

/**
 * The recall of one query: correct returned neighbours / k.
 *
 * @example
 * queryRecall([0.1, 0.2, 0.9], 0.25, 3) // 2/3: the third is beyond the 3rd true distance
 */
export function queryRecall(
  returnedDistances: ArrayLike<number>,
  kthTrueDistance: number,
  k: number,
): number {
  const threshold = kthTrueDistance + RECALL_EPSILON
  let hits = 0
  for (let i = 0; i < Math.min(k, returnedDistances.length); i++)
    if (returnedDistances[i]! <= threshold) hits++
  return hits / k
}

/** Mean of the per-query recalls (1 for no queries). */
export function meanRecall(perQuery: readonly number[]): number {
  if (perQuery.length === 0) return 1
  return perQuery.reduce((a, b) => a + b, 0) / perQuery.length
}
