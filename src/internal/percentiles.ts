/** p50 and p95 of a sample (nearest-rank), in the sample's unit, rounded to 0.01. */
export function percentiles(sample: readonly number[]): { p50: number; p95: number } {
  if (sample.length === 0) return { p50: Number.NaN, p95: Number.NaN }
  const sorted = [...sample].sort((a, b) => a - b)
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  const round = (n: number): number => Math.round(n * 100) / 100
  return { p50: round(at(0.5)), p95: round(at(0.95)) }
}
