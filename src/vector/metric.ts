/**
 * The four pgvector distances and their exact computation in JavaScript, in the same float32
 * arithmetic pgvector's C code uses (sums in `float`, the final step in `double`), so the
 * ground truth ranks vectors the way the server does.
 * @module
 */

/** `l2` (`<->`), `ip` (`<#>`, negative inner product), `cosine` (`<=>`), `l1` (`<+>`). */
export type Metric = 'l2' | 'ip' | 'cosine' | 'l1'

export const METRICS: readonly Metric[] = ['l2', 'ip', 'cosine', 'l1']

/** The SQL operator of each metric. */
export const OPERATOR: Readonly<Record<Metric, string>> = { l2: '<->', ip: '<#>', cosine: '<=>', l1: '<+>' }

const f = Math.fround

/**
 * The distance between `a[aOff..aOff+dims)` and `b[bOff..)` as pgvector computes it.
 *
 * @example
 * distance('l2', new Float32Array([0, 0]), 0, new Float32Array([3, 4]), 0, 2) // 5
 */
export function distance(
  metric: Metric,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  dims: number,
): number {
  switch (metric) {
    case 'l2': {
      let sum = 0
      for (let i = 0; i < dims; i++) {
        const d = f(a[aOff + i]! - b[bOff + i]!)
        sum = f(sum + f(d * d))
      }
      return Math.sqrt(sum)
    }
    case 'ip': {
      let dot = 0
      for (let i = 0; i < dims; i++) dot = f(dot + f(a[aOff + i]! * b[bOff + i]!))
      return -dot
    }
    case 'cosine': {
      let dot = 0
      let na = 0
      let nb = 0
      for (let i = 0; i < dims; i++) {
        const x = a[aOff + i]!
        const y = b[bOff + i]!
        dot = f(dot + f(x * y))
        na = f(na + f(x * x))
        nb = f(nb + f(y * y))
      }
      const similarity = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))
      return 1 - similarity
    }
    case 'l1': {
      let sum = 0
      for (let i = 0; i < dims; i++) sum = f(sum + Math.abs(f(a[aOff + i]! - b[bOff + i]!)))
      return sum
    }
  }
}

/** The metric of an operator class (`vector_l2_ops`, `halfvec_cosine_ops`, …), or undefined. */
export function metricOfOpclass(opclass: string): Metric | undefined {
  const m = /^(?:vector|halfvec|sparsevec)_(l2|ip|cosine|l1)_ops$/.exec(opclass)
  return m?.[1] as Metric | undefined
}
