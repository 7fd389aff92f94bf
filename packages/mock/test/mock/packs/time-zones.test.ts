import { describe, expect, it } from 'vitest'
import { ianaZone } from '../../../src/mock/packs/microsoft-graph/windows-time-zones.js'
import {
  formatRfc3339,
  formatWallClock,
  isTimeZone,
  offsetMinutes,
  parseRfc3339,
  zonedToInstant,
} from '../../../src/mock/packs/shared/time-zones.js'

const utc = (s: string) => Date.parse(s)

describe('time zones for the calendar packs', () => {
  it('reads wall times in a zone, across DST gaps (forward) and overlaps (earlier instant)', () => {
    expect(zonedToInstant('2026-03-20T09:00:00', 'Europe/Berlin')).toBe(utc('2026-03-20T08:00:00Z'))
    expect(zonedToInstant('2026-07-01T09:00', 'Europe/Berlin')).toBe(utc('2026-07-01T07:00:00Z'))
    // 02:30 does not exist on 2026-03-29 in Berlin: it becomes 03:30 CEST.
    expect(zonedToInstant('2026-03-29T02:30:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'))
    // 02:30 happens twice on 2026-10-25: the first (CEST) one.
    expect(zonedToInstant('2026-10-25T02:30:00', 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'))
    // Southern hemisphere and half-hour zones.
    expect(zonedToInstant('2026-01-15T12:00:00', 'Australia/Sydney')).toBe(utc('2026-01-15T01:00:00Z'))
    expect(zonedToInstant('2026-01-15T12:00:00', 'Asia/Kolkata')).toBe(utc('2026-01-15T06:30:00Z'))
    expect(zonedToInstant('not a time', 'UTC')).toBeNaN()
  })

  it('formats instants with the zone offset of that instant', () => {
    expect(formatRfc3339(utc('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T01:30:00+01:00')
    expect(formatRfc3339(utc('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00')
    expect(formatRfc3339(utc('2026-01-15T06:30:00Z'), 'America/St_Johns')).toBe('2026-01-15T03:00:00-03:30')
    expect(formatRfc3339(utc('2026-01-15T06:30:00Z'))).toBe('2026-01-15T06:30:00Z')
    expect(formatWallClock(utc('2019-03-15T19:00:00Z'), 'America/Los_Angeles')).toBe(
      '2019-03-15T12:00:00.0000000',
    )
    expect(offsetMinutes(utc('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(120)
  })

  it('requires an offset in RFC 3339 input, and knows Windows zone names', () => {
    expect(parseRfc3339('2026-03-20T09:00:00+01:00')).toBe(utc('2026-03-20T08:00:00Z'))
    expect(parseRfc3339('2026-03-20T09:00:00')).toBeNaN()
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(ianaZone('Pacific Standard Time')).toBe('America/Los_Angeles')
    expect(ianaZone('Europe/Paris')).toBe('Europe/Paris')
    expect(ianaZone('Nowhere Standard Time')).toBeUndefined()
  })
})
