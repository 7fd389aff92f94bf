/** Free time: working windows minus busy intervals (all in epoch milliseconds, UTC). */
export interface Interval {
  readonly start: number
  readonly end: number
}

/**
 * The parts of `windows` no busy interval touches, clipped to `[from, to)`, that are at least
 * `minutes` long, earliest first.
 */
export function freeIntervals(
  windows: readonly Interval[],
  busy: readonly Interval[],
  range: Interval,
  minutes: number,
): Interval[] {
  const sortedBusy = [...busy].sort((a, b) => a.start - b.start)
  const free: Interval[] = []
  for (const w of [...windows].sort((a, b) => a.start - b.start)) {
    let cursor = Math.max(w.start, range.start)
    const end = Math.min(w.end, range.end)
    for (const b of sortedBusy) {
      if (b.end <= cursor || b.start >= end) continue
      if (b.start > cursor) free.push({ start: cursor, end: b.start })
      cursor = Math.max(cursor, b.end)
    }
    if (cursor < end) free.push({ start: cursor, end })
  }
  return free.filter((f) => f.end - f.start >= minutes * 60_000)
}
