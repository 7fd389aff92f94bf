import { describe, expect, it } from 'vitest'
import { distance, METRICS, type Metric } from '../../src/vector/metric.js'
import { roundingBound } from '../../src/vector/rounding-bound.js'
import { syntheticDataset } from '../../src/vector/synthetic.js'

const f = Math.fround

/** pgvector's distances summed as a vectorizing compiler may: 8 float32 lanes, fused multiply-adds, lanes added last. */
function laneDistance(
  metric: Metric,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  dims: number,
): number {
  const lanes = (term: (x: number, y: number, acc: number) => number) => {
    const acc = new Array<number>(8).fill(0)
    for (let i = 0; i < dims; i++)
      acc[i % 8] = term(a[ao + i] as number, b[bo + i] as number, acc[i % 8] as number)
    return acc.reduceRight((s, v) => f(s + v), 0)
  }
  switch (metric) {
    case 'l2':
      return Math.sqrt(
        lanes((x, y, acc) => {
          const d = f(x - y)
          return f(acc + d * d)
        }),
      )
    case 'ip':
      return -lanes((x, y, acc) => f(acc + x * y))
    case 'l1':
      return lanes((x, y, acc) => f(acc + Math.abs(f(x - y))))
    case 'cosine': {
      const dot = lanes((x, y, acc) => f(acc + x * y))
      const na = lanes((x, _y, acc) => f(acc + x * x))
      const nb = lanes((_x, y, acc) => f(acc + y * y))
      return 1 - Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))
    }
  }
}

describe('roundingBound', () => {
  const dims = 256
  const data = syntheticDataset({ count: 300, queries: 300, dimensions: dims, seed: 9, spread: 1 })

  it('holds two float32 computations in different orders of every metric', () => {
    for (const metric of METRICS) {
      let worst = 0
      for (let i = 0; i < 300; i++) {
        const sequential = distance(metric, data.vectors, i * dims, data.queries, i * dims, dims)
        const lanes = laneDistance(metric, data.vectors, i * dims, data.queries, i * dims, dims)
        const bound = roundingBound(metric, data.vectors, i * dims, data.queries, i * dims, dims)
        worst = Math.max(worst, Math.abs(sequential - lanes) / bound)
      }
      expect(worst, metric).toBeLessThanOrEqual(1)
      expect(worst, metric).toBeGreaterThan(0) // the orders do differ: the check is not vacuous
    }
  })

  it('does not hold a wrong operator: a squared L2, an inner product of the wrong sign, a distance off by 1e-4', () => {
    const at = (metric: Metric) => roundingBound(metric, data.vectors, 0, data.queries, 0, dims)
    const d = (metric: Metric) => distance(metric, data.vectors, 0, data.queries, 0, dims)
    expect(Math.abs(d('l2') ** 2 - d('l2'))).toBeGreaterThan(at('l2'))
    expect(Math.abs(2 * d('ip'))).toBeGreaterThan(at('ip'))
    // An inner product's bound is relative to Σ|a_i·b_i|, not to the (cancelling) sum itself.
    for (const metric of ['l2', 'l1', 'cosine'] as const)
      expect(Math.abs(d(metric) * 1e-4), metric).toBeGreaterThan(at(metric))
  })
})
