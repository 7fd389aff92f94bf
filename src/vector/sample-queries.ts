/**
 * Default query vectors for a table: seeded rows of the table itself, each moved by Gaussian
 * noise of one tenth of the table's RMS component, so a query is near the data (as real ones
 * are) without being a stored row at distance 0.
 * @module
 */
import { keyedStream } from '../internal/seeded-random.js'

/**
 * `count` queries drawn from `vectors` (rows of `dims`), the same for the same seed.
 *
 * @example
 * const queries = sampleQueries(vectors, 128, 100, 1)
 */
export function sampleQueries(
  vectors: Float32Array,
  dims: number,
  count: number,
  seed: number,
): Float32Array {
  const rows = vectors.length / dims
  let sq = 0
  for (let i = 0; i < vectors.length; i++) sq += vectors[i]! * vectors[i]!
  const sigma = 0.1 * Math.sqrt(sq / Math.max(1, vectors.length))
  const random = keyedStream(seed, 3)
  const out = new Float32Array(count * dims)
  for (let q = 0; q < count; q++) {
    const r = Math.floor(random() * rows)
    for (let i = 0; i < dims; i++) {
      const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      out[q * dims + i] = vectors[r * dims + i]! + sigma * noise
    }
  }
  return out
}
