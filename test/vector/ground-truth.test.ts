import { describe, expect, it } from 'vitest'
import { exactNeighbours } from '../../src/vector/ground-truth.js'
import { distance } from '../../src/vector/metric.js'
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

  it('computes the four distances as pgvector defines them', () => {
    const a = new Float32Array([1, 2, 2])
    const b = new Float32Array([4, 6, 2])
    expect(distance('l2', a, 0, b, 0, 3)).toBe(5)
    expect(distance('ip', a, 0, b, 0, 3)).toBe(-20)
    expect(distance('l1', a, 0, b, 0, 3)).toBe(7)
    expect(distance('cosine', a, 0, a, 0, 3)).toBe(0)
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
