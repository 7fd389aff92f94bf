/**
 * Seeded randomness for jitter, slice sizes and toxicity: the same seed gives the same faults
 * on every run, and each (fault, connection, direction) gets its own stream so the order in
 * which connections interleave does not change what any one of them sees.
 * @module
 */

/** A generator of numbers in [0, 1). */
export type Random = () => number

/**
 * A small, fast seeded generator (splitmix32) for the given integer parts.
 *
 * @example
 * const random = seededRandom(42, faultId, connectionId)
 * random() // the same value every run
 */
export function seededRandom(...parts: readonly number[]): Random {
  let state = 0x9e3779b9
  for (const part of parts) state = mix(state ^ (part >>> 0))
  return () => {
    state = (state + 0x9e3779b9) | 0
    return (mix(state) >>> 0) / 4294967296
  }
}

function mix(value: number): number {
  let z = value | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) | 0
}
