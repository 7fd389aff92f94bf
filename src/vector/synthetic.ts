/**
 * Deterministic synthetic embeddings: Gaussian clusters around seeded centres, so an approximate
 * index has structure to find (on uniform noise every method looks bad and recall says little).
 * The same options give the same float32 values on every machine; nothing is downloaded.
 * @module
 */
import { keyedStream, type Random } from '../internal/seeded-random.js'
import { inputError } from './input-checks.js'

/** Options of `syntheticDataset()`. */
export interface SyntheticOptions {
  /** Rows to generate. */
  readonly count: number
  /** Dimensions, e.g. 128 or 1536. */
  readonly dimensions: number
  /** Query vectors, drawn from the same clusters on a separate stream. Default 100. */
  readonly queries?: number
  /** Cluster centres (uniform in [-1, 1]). Default 50. */
  readonly clusters?: number
  /** Standard deviation of each component around its centre. Default 0.1. */
  readonly spread?: number
  /** Default 1. */
  readonly seed?: number
}

/** Row-major float32 vectors: row `i` is `vectors.subarray(i * dimensions, (i + 1) * dimensions)`. */
export interface VectorDataset {
  readonly dimensions: number
  readonly count: number
  readonly vectors: Float32Array
  readonly queries: Float32Array
  readonly queryCount: number
}

/** One standard normal value (Box-Muller; the second value is dropped to keep streams simple). */
function gaussian(random: Random): number {
  const u = 1 - random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

function fill(
  out: Float32Array,
  rows: number,
  dims: number,
  centres: Float32Array,
  k: number,
  random: Random,
  spread: number,
): void {
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(random() * k) * dims
    for (let i = 0; i < dims; i++) out[r * dims + i] = centres[c + i]! + spread * gaussian(random)
  }
}

/**
 * Generates clustered vectors and queries.
 *
 * @example
 * const data = syntheticDataset({ count: 10_000, dimensions: 128, seed: 7 })
 * data.vectors.length // 1_280_000
 */
export function syntheticDataset(options: SyntheticOptions): VectorDataset {
  const { count, dimensions } = options
  const queryCount = options.queries ?? 100
  const clusters = options.clusters ?? 50
  const spread = options.spread ?? 0.1
  const seed = options.seed ?? 1
  for (const [name, value] of Object.entries({ count, dimensions, queries: queryCount, clusters })) {
    if (!Number.isInteger(value) || value < (name === 'queries' ? 0 : 1))
      throw inputError(`generate vectors`, `${name} is ${value}`, `Give ${name} as a positive whole number.`)
  }
  if (dimensions > 16_000)
    throw inputError(
      'generate vectors',
      `${dimensions} dimensions is more than pgvector's 16,000`,
      'Use fewer dimensions.',
    )
  if (!(spread >= 0) || !Number.isFinite(spread))
    throw inputError('generate vectors', `spread is ${spread}`, 'Give spread as a finite number ≥ 0.')
  const centres = new Float32Array(clusters * dimensions)
  const centreRandom = keyedStream(seed, 0)
  for (let i = 0; i < centres.length; i++) centres[i] = centreRandom() * 2 - 1
  const vectors = new Float32Array(count * dimensions)
  fill(vectors, count, dimensions, centres, clusters, keyedStream(seed, 1), spread)
  const queries = new Float32Array(queryCount * dimensions)
  fill(queries, queryCount, dimensions, centres, clusters, keyedStream(seed, 2), spread)
  return { dimensions, count, vectors, queries, queryCount }
}
