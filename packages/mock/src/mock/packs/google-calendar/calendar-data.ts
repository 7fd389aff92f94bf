/**
 * The `google-calendar` pack's scenario data (`<dir>/packs/google-calendar/<scenario>.yaml`) and its
 * per-scenario state (events added or deleted through the API, the change counter behind sync tokens).
 *
 * ```yaml
 * primary: alice@example.com        # what `primary` means (default: the first calendar, else an empty me@example.com)
 * tokens: { expired-token: expired } # bearer verdicts when no oauth2 pack is the authority
 * throttle: [{ path: /events, times: 1 }]
 * groups: { team@example.com: [alice@example.com, bob@example.com] }
 * calendars:
 *   alice@example.com:
 *     timeZone: Europe/Berlin       # wall times without offset are read in this zone (DST handled)
 *     summary: Alice
 *     busy:                         # free/busy-only intervals
 *       - { start: 2026-03-29T01:30, end: 2026-03-29T03:30 }   # crosses the spring-forward gap
 *     events:
 *       - { id: standup, summary: Standup, start: 2026-03-20T09:00:00+01:00, end: 2026-03-20T09:15:00+01:00 }
 *       - { id: holiday, summary: Off, start: { date: 2026-03-23 }, end: { date: 2026-03-24 }, transparency: transparent }
 *   room-1@example.com: { error: internalError }     # freeBusy answers this calendar with errors[] inside a 200
 * ```
 * @module
 */
import type { PackContext } from '../../pack.js'
import { asArray, asRecord, asString } from '../shared/request-helpers.js'
import { isTimeZone, parseRfc3339, zonedToInstant } from '../shared/time-zones.js'

/** The primary calendar's id when the scenario data names no calendar at all. */
export const DEFAULT_PRIMARY = 'me@example.com'

/** One event, times as epoch ms. */
export interface CalendarEvent {
  readonly id: string
  readonly summary?: string
  readonly description?: string
  readonly location?: string
  readonly status: 'confirmed' | 'tentative' | 'cancelled'
  readonly start: number
  readonly end: number
  /** All-day events keep their dates (`YYYY-MM-DD`, end exclusive). */
  readonly startDate?: string
  readonly endDate?: string
  readonly timeZone?: string
  readonly transparency: 'opaque' | 'transparent'
  readonly attendees?: readonly unknown[]
  readonly created: number
  readonly updated: number
  /** The scenario change counter when this event last changed (sync tokens compare against it). */
  readonly changeSeq: number
}

/** One calendar of the scenario. */
export interface CalendarState {
  readonly id: string
  readonly summary: string
  readonly timeZone: string
  readonly accessRole: string
  readonly error?: string
  readonly busy: readonly { readonly start: number; readonly end: number }[]
  readonly events: Map<string, CalendarEvent>
}

/** The scenario state of the pack. */
export interface GoogleScenarioState {
  readonly calendars: Map<string, CalendarState>
  /** Always a key of `calendars`. */
  readonly primary: string
  /** Bumped on every change; sync tokens carry the value they were issued at. */
  changeSeq: number
  /** Bumped to invalidate every sync token of the scenario (410 fullSyncRequired). */
  syncGeneration: number
}

/**
 * Reads a time from scenario data or a request body: an RFC 3339 string with offset, a wall time without offset
 * (read in `zone`), `{ dateTime, timeZone }`, or `{ date }` (all-day: midnight in `zone`).
 *
 * @example
 * readTime('2026-03-29T02:30', 'Europe/Berlin') // { ms: Date.parse('2026-03-29T01:30:00Z') }
 */
export function readTime(
  value: unknown,
  zone: string,
): { readonly ms: number; readonly date?: string; readonly timeZone?: string } | undefined {
  const text = asString(value)
  if (text !== undefined) {
    if (/^\d{4}-\d\d-\d\d$/.test(text)) return { ms: zonedToInstant(`${text}T00:00:00`, zone), date: text }
    const withOffset = parseRfc3339(text)
    if (!Number.isNaN(withOffset)) return { ms: withOffset }
    const local = zonedToInstant(text, zone)
    return Number.isNaN(local) ? undefined : { ms: local }
  }
  const obj = asRecord(value)
  const tz = asString(obj['timeZone'])
  const zoneToUse = tz !== undefined && isTimeZone(tz) ? tz : zone
  const date = asString(obj['date'])
  if (date !== undefined) return readTime(date, zoneToUse)
  const dateTime = asString(obj['dateTime'])
  if (dateTime === undefined) return undefined
  const read = readTime(dateTime, zoneToUse)
  return read === undefined ? undefined : { ...read, ...(tz !== undefined ? { timeZone: tz } : {}) }
}

/**
 * Builds an event from data or a request body; `undefined` when start or end cannot be read.
 *
 * @example
 * toEvent({ id: 'e1', start: '2026-03-20T09:00:00Z', end: '2026-03-20T10:00:00Z' }, 'UTC', 0, 1)
 */
export function toEvent(
  raw: unknown,
  zone: string,
  now: number,
  changeSeq: number,
  id?: string,
): CalendarEvent | undefined {
  const e = asRecord(raw)
  const start = readTime(e['start'], zone)
  const end = readTime(e['end'], zone)
  if (start === undefined || end === undefined) return undefined
  const status = asString(e['status'])
  const optional = (key: 'summary' | 'description' | 'location') => {
    const v = asString(e[key])
    return v === undefined ? {} : { [key]: v }
  }
  return {
    id: id ?? asString(e['id']) ?? `evt${changeSeq}`,
    ...optional('summary'),
    ...optional('description'),
    ...optional('location'),
    status: status === 'cancelled' || status === 'tentative' ? status : 'confirmed',
    start: start.ms,
    end: end.ms,
    ...(start.date !== undefined && end.date !== undefined
      ? { startDate: start.date, endDate: end.date }
      : {}),
    ...(start.timeZone !== undefined ? { timeZone: start.timeZone } : {}),
    transparency: asString(e['transparency']) === 'transparent' ? 'transparent' : 'opaque',
    ...(Array.isArray(e['attendees']) ? { attendees: e['attendees'] } : {}),
    created: readTime(e['created'], 'UTC')?.ms ?? now,
    updated: readTime(e['updated'], 'UTC')?.ms ?? now,
    changeSeq,
  }
}

/**
 * The scenario state, built from the scenario data on first use.
 *
 * @example
 * const state = googleState(ctx)
 */
export function googleState(ctx: PackContext): GoogleScenarioState {
  const existing = ctx.state.get('google-calendar') as GoogleScenarioState | undefined
  if (existing !== undefined) return existing
  const data = asRecord(ctx.data)
  const now = ctx.now().getTime()
  const calendars = new Map<string, CalendarState>()
  let seq = 0
  for (const [id, rawCalendar] of Object.entries(asRecord(data['calendars']))) {
    const c = asRecord(rawCalendar)
    const tz = asString(c['timeZone'])
    const timeZone = tz !== undefined && isTimeZone(tz) ? tz : 'UTC'
    const busy = asArray(c['busy']).flatMap((b) => {
      const r = asRecord(b)
      const zone = asString(r['timeZone']) ?? timeZone
      const start = readTime(r['start'], zone)
      const end = readTime(r['end'], zone)
      return start !== undefined && end !== undefined ? [{ start: start.ms, end: end.ms }] : []
    })
    const events = new Map<string, CalendarEvent>()
    for (const raw of asArray(c['events'])) {
      const event = toEvent(raw, timeZone, now, ++seq)
      if (event !== undefined) events.set(event.id, event)
    }
    const error = asString(c['error'])
    calendars.set(id, {
      id,
      summary: asString(c['summary']) ?? id,
      timeZone,
      accessRole: asString(c['accessRole']) ?? 'owner',
      ...(error !== undefined ? { error } : {}),
      busy,
      events,
    })
  }
  // Google always knows `primary` (every account has its own calendar): a scenario without calendar data, or
  // whose `primary` names no listed calendar, still gets an empty primary calendar rather than notFound.
  const primary = asString(data['primary']) ?? calendars.keys().next().value ?? DEFAULT_PRIMARY
  if (!calendars.has(primary)) {
    calendars.set(primary, {
      id: primary,
      summary: primary,
      timeZone: 'UTC',
      accessRole: 'owner',
      busy: [],
      events: new Map(),
    })
  }
  const state: GoogleScenarioState = { calendars, primary, changeSeq: seq, syncGeneration: 0 }
  ctx.state.set('google-calendar', state)
  return state
}

/**
 * Resolves a calendar id (`primary` included).
 *
 * @example
 * findCalendar(state, 'primary')
 */
export function findCalendar(state: GoogleScenarioState, id: string): CalendarState | undefined {
  return state.calendars.get(id === 'primary' ? state.primary : id)
}
