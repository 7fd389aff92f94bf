/**
 * The server clock: the real time (or an injected `now`) plus an offset tests can move, so
 * templates (`{{now}}`) and packs (token expiry) can be tested without waiting.
 * @module
 */

/** A movable clock. */
export interface MockClock {
  now(): Date
  /** Moves the clock so that `now()` returns `date` (it keeps ticking from there). */
  set(date: Date | string): void
  advance(ms: number): void
  /** Back to the real (or injected) time. */
  reset(): void
}

/**
 * Creates a clock over `source` (default: the system time).
 *
 * @example
 * const clock = createClock(); clock.advance(3_600_000) // an hour later
 */
export function createClock(source: () => Date = () => new Date()): MockClock {
  let offset = 0
  return {
    now: () => new Date(source().getTime() + offset),
    set(date) {
      const target = typeof date === 'string' ? new Date(date) : date
      if (Number.isNaN(target.getTime())) throw new TypeError(`not a date: ${String(date)}`)
      offset = target.getTime() - source().getTime()
    },
    advance(ms) {
      offset += ms
    },
    reset() {
      offset = 0
    },
  }
}
