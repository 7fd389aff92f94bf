/**
 * Time-zone arithmetic on IANA zones through `Intl` (no dependency): offsets at an instant, wall time → instant
 * with DST gaps and overlaps resolved like Temporal's `compatible` disambiguation, and RFC 3339 formatting.
 * @module
 */

const formatters = new Map<string, Intl.DateTimeFormat>()
const DAY_MS = 86_400_000

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/**
 * Whether `timeZone` is an IANA zone this runtime knows.
 *
 * @example
 * isTimeZone('Europe/Berlin') // true
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** Wall-clock milliseconds (as if UTC) of an instant in a zone. */
function wallClock(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const wholeSeconds = Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day'],
    parts['hour'],
    parts['minute'],
    parts['second'],
  )
  return wholeSeconds + (((instantMs % 1000) + 1000) % 1000)
}

/**
 * The zone's offset from UTC at an instant, in minutes (Berlin in summer: 120).
 *
 * @example
 * offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin') // 120
 */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  return Math.round((wallClock(instantMs, timeZone) - instantMs) / 60_000)
}

/**
 * The instant of a wall-clock time in a zone. A time skipped by a DST gap moves forward by the gap (02:30 on the
 * spring-forward night in Berlin → 03:30 CEST); an ambiguous time in an overlap takes the earlier instant.
 *
 * @example
 * zonedToInstant('2026-03-29T02:30:00', 'Europe/Berlin') // Date.parse('2026-03-29T01:30:00Z')
 */
export function zonedToInstant(localDateTime: string, timeZone: string): number {
  const local = Date.parse(`${localDateTime.replace(/Z$/, '')}Z`)
  if (Number.isNaN(local)) return Number.NaN
  const before = (wallClock(local - DAY_MS, timeZone) - (local - DAY_MS)) | 0
  const after = (wallClock(local + DAY_MS, timeZone) - (local + DAY_MS)) | 0
  const candidates = [...new Set([local - before, local - after])].filter(
    (c) => wallClock(c, timeZone) === local,
  )
  if (candidates.length > 0) return Math.min(...candidates)
  return local - before
}

/**
 * Parses an RFC 3339 timestamp that carries an offset (`Z` or `±hh:mm`); `NaN` otherwise.
 *
 * @example
 * parseRfc3339('2026-03-20T09:00:00+01:00') // Date.parse('2026-03-20T08:00:00Z')
 */
export function parseRfc3339(text: string): number {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.test(text)) return Number.NaN
  return Date.parse(text)
}

/**
 * Formats an instant as RFC 3339 in a zone: `Z` for UTC, `±hh:mm` otherwise.
 *
 * @example
 * formatRfc3339(Date.parse('2026-03-20T08:00:00Z'), 'Europe/Berlin') // '2026-03-20T09:00:00+01:00'
 */
export function formatRfc3339(instantMs: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC')
    return new Date(instantMs).toISOString().replace('.000Z', 'Z')
  const offset = offsetMinutes(instantMs, timeZone)
  const wall = new Date(instantMs + offset * 60_000).toISOString().slice(0, 19)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/**
 * Formats an instant as a wall-clock time in a zone without offset, Graph style (`2019-03-15T12:00:00.0000000`).
 *
 * @example
 * formatWallClock(Date.parse('2019-03-15T19:00:00Z'), 'America/Los_Angeles') // '2019-03-15T12:00:00.0000000'
 */
export function formatWallClock(instantMs: number, timeZone: string): string {
  return `${new Date(wallClock(instantMs, timeZone)).toISOString().slice(0, 19)}.0000000`
}
