/**
 * Seeded randomness for faults, delays and jitter: the same seed gives the same numbers on every
 * run. Several integer parts can key one stream (e.g. seed, fault id, connection id), so the
 * order in which streams are used does not change what any one of them yields.
 * @module
 */

/** A generator of numbers in [0, 1). */
export type Random = () => number

/**
 * A small, fast seeded generator (splitmix32) for the given integer parts: one stream per key.
 * (Not `seededRandom` of pgtestbed/factories, a mulberry32 sequence from one seed that fixture
 * generator modules get: different algorithms, different names.)
 *
 * @example
 * const random = keyedStream(42, faultId, connectionId)
 * random() // the same value every run
 */
export function keyedStream(...parts: readonly number[]): Random {
  let state = 0x9e3779b9
  for (const part of parts) state = mix(state ^ (part >>> 0))
  return () => {
    state = (state + 0x9e3779b9) | 0
    return (mix(state) >>> 0) / 4294967296
  }
}

/** A 32-bit FNV-1a hash of a string, to derive seeds from names. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function mix(value: number): number {
  let z = value | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) | 0
}
