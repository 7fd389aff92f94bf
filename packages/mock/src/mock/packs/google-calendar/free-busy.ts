/**
 * `POST /calendar/v3/freeBusy`: busy intervals per requested calendar (explicit `busy` data plus opaque,
 * non-cancelled events), clipped to the window and merged, formatted in the request's `timeZone`; per-calendar
 * failures (`notFound`, `internalError`, `tooManyCalendarsRequested`) and group failures (`groupTooBig`) inside
 * the 200, as Google does.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asArray, asRecord, asString } from '../shared/request-helpers.js'
import { formatRfc3339, isTimeZone, parseRfc3339 } from '../shared/time-zones.js'
import { type CalendarState, findCalendar, googleState } from './calendar-data.js'
import { GOOGLE_ERRORS } from './google-errors.js'

type Interval = { start: number; end: number }

/**
 * Busy intervals of a calendar inside `[from, to)`, merged.
 *
 * @example
 * busyIntervals(calendar, Date.parse('2026-03-20T00:00:00Z'), Date.parse('2026-03-21T00:00:00Z'))
 */
export function busyIntervals(calendar: CalendarState, from: number, to: number): Interval[] {
  const all: Interval[] = [...calendar.busy]
  for (const e of calendar.events.values()) {
    if (e.status !== 'cancelled' && e.transparency === 'opaque') all.push({ start: e.start, end: e.end })
  }
  const clipped = all
    .filter((i) => i.end > from && i.start < to && i.end > i.start)
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .sort((a, b) => a.start - b.start)
  const merged: Interval[] = []
  for (const i of clipped) {
    const last = merged.at(-1)
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else merged.push({ ...i })
  }
  return merged
}

const error = (reason: string) => ({ errors: [{ domain: 'global', reason }] })

/**
 * Answers a freeBusy query.
 *
 * @example
 * handleFreeBusy(req, ctx) // { status: 200, body: { kind: 'calendar#freeBusy', calendars: { … } } }
 */
export function handleFreeBusy(req: MockRequest, ctx: PackContext): MockResponse {
  if (req.json === undefined || typeof req.json !== 'object' || req.json === null)
    return GOOGLE_ERRORS.parseError()
  const body = asRecord(req.json)
  for (const param of ['timeMin', 'timeMax'] as const) {
    if (asString(body[param]) === undefined) return GOOGLE_ERRORS.required(param)
  }
  const from = parseRfc3339(asString(body['timeMin'])!)
  const to = parseRfc3339(asString(body['timeMax'])!)
  if (Number.isNaN(from)) return GOOGLE_ERRORS.invalid('timeMin', 'Bad Request')
  if (Number.isNaN(to)) return GOOGLE_ERRORS.invalid('timeMax', 'Bad Request')
  if (to <= from) return GOOGLE_ERRORS.timeRangeEmpty()
  const zone = asString(body['timeZone']) ?? 'UTC'
  if (!isTimeZone(zone))
    return GOOGLE_ERRORS.invalid('timeZone', 'Invalid time zone definition for start time.')
  const groupMax =
    typeof body['groupExpansionMax'] === 'number' ? Math.min(body['groupExpansionMax'], 100) : 100
  const calendarMax =
    typeof body['calendarExpansionMax'] === 'number' ? Math.min(body['calendarExpansionMax'], 50) : 50
  const state = googleState(ctx)
  const groupsData = asRecord(asRecord(ctx.data)['groups'])
  const groups: Record<string, unknown> = {}
  const requested: string[] = []
  for (const item of asArray(body['items'])) {
    const id = asString(asRecord(item)['id'])
    if (id === undefined) continue
    const members = groupsData[id]
    if (Array.isArray(members)) {
      const ids = members.filter((m): m is string => typeof m === 'string')
      if (ids.length > groupMax) groups[id] = { ...error('groupTooBig'), calendars: [] }
      else {
        groups[id] = { calendars: ids }
        requested.push(...ids)
      }
    } else requested.push(id)
  }
  const calendars: Record<string, unknown> = {}
  const format = (ms: number) => formatRfc3339(ms, zone)
  ;[...new Set(requested)].forEach((id, index) => {
    if (index >= calendarMax) {
      calendars[id] = { ...error('tooManyCalendarsRequested'), busy: [] }
      return
    }
    const calendar = findCalendar(state, id)
    if (calendar === undefined) calendars[id] = error('notFound')
    else if (calendar.error !== undefined) calendars[id] = { ...error(calendar.error), busy: [] }
    else
      calendars[id] = {
        busy: busyIntervals(calendar, from, to).map((i) => ({ start: format(i.start), end: format(i.end) })),
      }
  })
  return {
    status: 200,
    body: {
      kind: 'calendar#freeBusy',
      timeMin: new Date(from).toISOString(),
      timeMax: new Date(to).toISOString(),
      ...(Object.keys(groups).length > 0 ? { groups } : {}),
      calendars,
    },
  }
}
