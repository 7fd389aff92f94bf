import { describe, expect, it } from 'vitest'
import {
  blockSums,
  dotSum,
  dotSumBounded,
  l1RuledOutByBlocks,
  l1SumBounded,
  l2SumBounded,
  suffixNorms,
} from '../../src/vector/bounded-distance.js'
import { exactNeighbours } from '../../src/vector/ground-truth.js'
import { distance, type Metric } from '../../src/vector/metric.js'
import { queryRecall, RECALL_EPSILON } from '../../src/vector/recall.js'
import { syntheticDataset } from '../../src/vector/synthetic.js'
import { float32Text } from '../../src/vector/vector-text.js'

describe('syntheticDataset', () => {
  it('gives the same float32 values for the same seed, others for another seed', () => {
    const a = syntheticDataset({ count: 50, dimensions: 16, queries: 5, seed: 3 })
    const b = syntheticDataset({ count: 50, dimensions: 16, queries: 5, seed: 3 })
    const c = syntheticDataset({ count: 50, dimensions: 16, queries: 5, seed: 4 })
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(b.vectors.buffer))).toBe(true)
    expect(Buffer.from(a.queries.buffer).equals(Buffer.from(b.queries.buffer))).toBe(true)
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(c.vectors.buffer))).toBe(false)
  })

  it('is clustered: a row is much nearer its nearest neighbour than the average row', () => {
    const d = syntheticDataset({ count: 400, dimensions: 32, queries: 20, clusters: 10, seed: 1 })
    const truth = exactNeighbours(d.vectors, d.queries, 32, 400, 'l2')
    for (let q = 0; q < 20; q++) {
      const row = truth.distances.subarray(q * 400, q * 400 + 400)
      expect(row[0]! * 3).toBeLessThan(row[200]!)
    }
  })

  it('refuses bad sizes', () => {
    expect(() => syntheticDataset({ count: 0, dimensions: 3 })).toThrow(/count is 0/)
    expect(() => syntheticDataset({ count: 1, dimensions: 20_000 })).toThrow(/16,000/)
  })
})

describe('exactNeighbours', () => {
  it('agrees with sorting every distance, for each metric', () => {
    const d = syntheticDataset({ count: 300, dimensions: 8, queries: 10, seed: 9 })
    for (const metric of ['l2', 'ip', 'cosine', 'l1'] as const) {
      const truth = exactNeighbours(d.vectors, d.queries, 8, 5, metric)
      for (let q = 0; q < 10; q++) {
        const all = Array.from({ length: 300 }, (_, r) =>
          distance(metric, d.queries, q * 8, d.vectors, r * 8, 8),
        )
        const sorted = [...all].sort((x, y) => x - y).slice(0, 5)
        expect(Array.from(truth.distances.subarray(q * 5, q * 5 + 5))).toEqual(sorted)
      }
    }
  })

  it('every metric: the same rows and distances as sorting every distance, on hard data', () => {
    for (const [name, data, dims] of hardDatasets()) {
      for (const metric of ['ip', 'cosine', 'l2', 'l1'] as const) {
        for (const k of [1, 3, 10]) {
          const truth = exactNeighbours(data.vectors, data.queries, dims, k, metric)
          const want = bruteForce(data.vectors, data.queries, dims, k, metric)
          expect(Array.from(truth.rows), `${name} ${metric} k=${k}`).toEqual(Array.from(want.rows))
          expect(Array.from(truth.distances), `${name} ${metric} k=${k}`).toEqual(Array.from(want.distances))
        }
      }
    }
  })

  it('a zero vector has cosine distance NaN (as pgvector) and sorts after every number', () => {
    const vectors = new Float32Array([0, 0, 1, 0, 0, 0, 0, 1, -1, 0])
    const truth = exactNeighbours(vectors, new Float32Array([1, 0]), 2, 5, 'cosine')
    expect(Array.from(truth.rows)).toEqual([1, 3, 4, 0, 2])
    expect(Array.from(truth.distances)).toEqual([0, 1, 2, Number.NaN, Number.NaN])
    const two = exactNeighbours(vectors, new Float32Array([1, 0]), 2, 2, 'cosine')
    expect(Array.from(two.rows)).toEqual([1, 3])
    const zero = exactNeighbours(vectors, new Float32Array([0, 0]), 2, 2, 'cosine')
    expect(Array.from(zero.rows)).toEqual([0, 1])
    expect(Array.from(zero.distances)).toEqual([Number.NaN, Number.NaN])
  })

  it('computes the four distances as pgvector defines them', () => {
    const a = new Float32Array([1, 2, 2])
    const b = new Float32Array([4, 6, 2])
    expect(distance('l2', a, 0, b, 0, 3)).toBe(5)
    expect(distance('ip', a, 0, b, 0, 3)).toBe(-20)
    expect(distance('l1', a, 0, b, 0, 3)).toBe(7)
    expect(distance('cosine', a, 0, a, 0, 3)).toBe(0)
  })
})

/** Every distance with `distance()`, sorted by (distance, row) with NaN last: the reference. */
function bruteForce(vectors: Float32Array, queries: Float32Array, dims: number, k: number, metric: Metric) {
  const count = vectors.length / dims
  const rows: number[] = []
  const distances: number[] = []
  for (let q = 0; q < queries.length / dims; q++) {
    const all = Array.from({ length: count }, (_, r) => ({
      r,
      d: distance(metric, queries, q * dims, vectors, r * dims, dims),
    }))
    const key = (d: number) => (Number.isNaN(d) ? Number.POSITIVE_INFINITY : d)
    all.sort(
      (a, b) => key(a.d) - key(b.d) || (Number.isNaN(a.d) ? 1 : 0) - (Number.isNaN(b.d) ? 1 : 0) || a.r - b.r,
    )
    for (const { r, d } of all.slice(0, k)) {
      rows.push(r)
      distances.push(d)
    }
  }
  return { rows: Int32Array.from(rows), distances: Float64Array.from(distances) }
}

/** Seeded values in [-1, 1). */
function noise(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 31 - 1
  }
}

/**
 * Data where a loose bound would show: clustered (the bench's shape), many exact and near ties
 * (duplicated rows and rows a float32 step apart), negative components, norms from 1e-3 to 1e3,
 * zero rows, rows nearly parallel to the query, and a dimension count that is not a multiple of
 * the block size.
 */
function hardDatasets(): [string, { vectors: Float32Array; queries: Float32Array }, number][] {
  const clustered = syntheticDataset({ count: 600, dimensions: 200, queries: 12, clusters: 6, seed: 5 })
  const dims = 77
  const random = noise(11)
  const base = Float32Array.from({ length: 20 * dims }, random)
  const ties = new Float32Array(800 * dims)
  for (let r = 0; r < 800; r++) {
    const from = (r % 20) * dims
    for (let i = 0; i < dims; i++) {
      let x = base[from + i]!
      // A quarter of the rows are exact copies; the others move one component by a float32 step.
      if (r % 4 !== 0 && i === r % dims) x = Math.fround(x + Math.sign(x || 1) * Math.abs(x) * 2 ** -23)
      ties[r * dims + i] = x
    }
  }
  const tieQueries = Float32Array.from({ length: 8 * dims }, (_, i) => (i < 4 * dims ? base[i]! : random()))
  const norms = new Float32Array(900 * dims)
  for (let r = 0; r < 900; r++) {
    const scale = r % 50 === 7 ? 0 : 10 ** ((r % 7) - 3)
    for (let i = 0; i < dims; i++) norms[r * dims + i] = Math.fround(random() * scale)
  }
  const normQueries = Float32Array.from({ length: 8 * dims }, (_, i) =>
    Math.fround(random() * 10 ** ((Math.floor(i / dims) % 5) - 2)),
  )
  // Rows almost parallel to the queries: Cauchy–Schwarz is tight to ~1e-14 while the float32 sums
  // round by ~1e-7, so a bound without the rounding margin drops rows that do enter the top k.
  const q = Float32Array.from({ length: dims }, random)
  const parallel = new Float32Array(500 * dims)
  for (let r = 0; r < 500; r++) {
    const scale = 1 + random() * 1e-6
    for (let i = 0; i < dims; i++) parallel[r * dims + i] = Math.fround(q[i]! * scale)
  }
  const parallelQueries = Float32Array.from({ length: 3 * dims }, (_, i) =>
    i < dims ? q[i]! : i < 2 * dims ? -q[i - dims]! : Math.fround(q[i - 2 * dims]! * 3),
  )
  // Components up to 1e20: products and norms overflow float32 (Infinity, NaN): no bound applies.
  const huge = Float32Array.from({ length: 300 * dims }, (_, i) =>
    Math.fround(random() * (Math.floor(i / dims) % 3 === 0 ? 1e20 : 1)),
  )
  const hugeQueries = Float32Array.from({ length: 4 * dims }, (_, i) =>
    Math.fround(random() * (i < dims ? 1e20 : 1)),
  )
  return [
    ['clustered', clustered, 200],
    ['overflowing float32', { vectors: huge, queries: hugeQueries }, dims],
    ['nearly parallel', { vectors: parallel, queries: parallelQueries }, dims],
    ['near ties', { vectors: ties, queries: tieQueries }, dims],
    ['norms 1e-3..1e3 and zero rows', { vectors: norms, queries: normQueries }, dims],
  ]
}

describe('bounded distances', () => {
  /** The next float64 below / above x. */
  const step = (x: number, dir: 1 | -1) => {
    const view = new DataView(new ArrayBuffer(8))
    view.setFloat64(0, x)
    const bits = view.getBigInt64(0)
    if (x === 0) return dir * Number.MIN_VALUE
    view.setBigInt64(0, bits + BigInt((x > 0 ? 1 : -1) * dir))
    return view.getFloat64(0)
  }

  it('never give up on a pair whose pgvector sum is just inside the bound', () => {
    const random = noise(21)
    for (let t = 0; t < 400; t++) {
      const dims = 1 + (t % 97) * 3
      const a = Float32Array.from({ length: dims }, random)
      // Half the pairs nearly parallel (Cauchy–Schwarz tight), half unrelated; scales 1e-30..1e30.
      const scale = 10 ** ((t % 13) * 5 - 30)
      const b = Float32Array.from({ length: dims }, (_, i) =>
        Math.fround(t % 2 ? a[i]! * scale * (1 + random() * 1e-6) : random() * scale),
      )
      const an = suffixNorms(a, 1, dims)
      const bn = suffixNorms(b, 1, dims)
      const dot = dotSum(a, 0, b, 0, dims)
      expect(dotSumBounded(a, 0, an, 0, b, 0, bn, 0, dims, step(dot, -1))).toBe(dot)
      expect(dotSumBounded(a, 0, an, 0, b, 0, bn, 0, dims, Number.NEGATIVE_INFINITY)).toBe(dot)
      const l2 = distance('l2', a, 0, b, 0, dims) ** 2
      const l2Sum = l2SumBounded(a, 0, b, 0, dims, Number.POSITIVE_INFINITY)
      expect(Math.sqrt(l2Sum)).toBe(Math.sqrt(l2))
      if (l2Sum > 0) expect(l2SumBounded(a, 0, b, 0, dims, step(l2Sum, 1))).toBe(l2Sum)
      const l1 = distance('l1', a, 0, b, 0, dims)
      if (l1 > 0) expect(l1SumBounded(a, 0, b, 0, dims, step(l1, 1))).toBe(l1)
      // The block pre-check never rules out a pair below the bound; at the bound it may.
      const as = blockSums(a, 1, dims)
      const bs = blockSums(b, 1, dims)
      if (l1 > 0) expect(l1RuledOutByBlocks(as, 0, bs, 0, dims, step(l1, 1))).toBe(false)
      expect(l1RuledOutByBlocks(as, 0, bs, 0, dims, Number.POSITIVE_INFINITY)).toBe(false)
    }
  })

  it('the L1 block pre-check rules out a far pair from its block sums alone', () => {
    const dims = 1536
    const near = Float32Array.from({ length: dims }, (_, i) => Math.fround(Math.sin(i)))
    const far = Float32Array.from({ length: dims }, (_, i) => Math.fround(Math.sin(i) + 0.5))
    const l1 = distance('l1', near, 0, far, 0, dims)
    const [ns, fs] = [blockSums(near, 1, dims), blockSums(far, 1, dims)]
    expect(l1RuledOutByBlocks(ns, 0, fs, 0, dims, l1 * 0.99)).toBe(true)
    expect(l1RuledOutByBlocks(ns, 0, fs, 0, dims, step(l1, 1))).toBe(false)
  })
})

describe('queryRecall (ann-benchmarks)', () => {
  it('counts a returned neighbour within the k-th true distance + 1e-3, ties included', () => {
    // True 3rd distance 0.5: a different row at exactly 0.5 (a tie) still counts.
    expect(queryRecall([0.1, 0.5, 0.5], 0.5, 3)).toBe(1)
    expect(queryRecall([0.1, 0.5, 0.5 + RECALL_EPSILON / 2], 0.5, 3)).toBe(1)
    expect(queryRecall([0.1, 0.5, 0.5 + RECALL_EPSILON * 2], 0.5, 3)).toBeCloseTo(2 / 3)
  })

  it('counts rows not returned as misses', () => {
    expect(queryRecall([0.1, 0.2], 0.3, 10)).toBeCloseTo(0.2)
  })
})

describe('float32Text', () => {
  it('reads back as the same float32 for any finite float32', () => {
    const bits = new Uint32Array(1)
    const value = new Float32Array(bits.buffer)
    let state = 12345
    for (let i = 0; i < 100_000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      bits[0] = state
      const x = value[0]!
      if (!Number.isFinite(x)) continue
      expect(Math.fround(Number(float32Text(x)))).toBe(x)
    }
    expect(float32Text(Math.fround(0.1))).toBe('0.100000001')
    expect(float32Text(-3)).toBe('-3')
  })
})
