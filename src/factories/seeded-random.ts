/**
 * Deterministic randomness keyed by (seed, table, row, column): the same key always gives the
 * same number, whatever else was generated before it — so adding a column or a table does not
 * change the values of the others (faker's `seed()` only reproduces a sequence).
 * @module
 */

/** FNV-1a over the key parts, then a murmur3 finalizer: a well-mixed 32-bit hash. */
export function hashKey(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    const s = String(part)
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
    h ^= 0xff
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A number in [0, 1) for a key.
 *
 * @example
 * keyedRandom(42, 'users', 7, 'age') // same value on every run
 */
export function keyedRandom(...parts: readonly (string | number)[]): number {
  return hashKey(...parts) / 2 ** 32
}

/**
 * A sequence generator (mulberry32) for code that wants `random()` calls, e.g. fixture
 * generator modules: same seed, same sequence.
 *
 * @example
 * const random = seededRandom(1); random() // 0.6270739405881613
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
