/**
 * A small seeded generator (mulberry32): faults and random delays repeat exactly for a given seed.
 * @module
 */

/**
 * Returns a generator of numbers in [0, 1) for a seed.
 *
 * @example
 * const random = seededRandom(42); random() // same value every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
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
