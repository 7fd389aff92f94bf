/**
 * `GET` and `PATCH /calendar/v3/calendars/:calendarId/events/:eventId` (events.get, events.patch): read one
 * event, or change the fields the body names and keep the rest. A patched event moves in freeBusy and shows in
 * incremental sync like any change.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord } from '../shared/request-helpers.js'
import {
  type CalendarEvent,
  type CalendarState,
  type GoogleScenarioState,
  readTime,
  toEvent,
} from './calendar-data.js'
import { eventResource } from './events-list.js'
import { GOOGLE_ERRORS } from './google-errors.js'

/**
 * events.get: 200 with the event (a deleted one comes back with `status: cancelled`, as Google keeps them), 404
 * `notFound` when the calendar never had it.
 *
 * @example
 * handleEventGet(req, calendar, 'e1') // { status: 200, body: { kind: 'calendar#event', id: 'e1', … } }
 */
export function handleEventGet(req: MockRequest, calendar: CalendarState, eventId: string): MockResponse {
  const event = calendar.events.get(eventId)
  if (event === undefined) return GOOGLE_ERRORS.notFound()
  return { status: 200, body: eventResource(event, calendar, req.query.get('timeZone') ?? undefined) }
}

/** An event back in the shape a request body has, so a patch can be laid over it. */
function asBody(e: CalendarEvent): Record<string, unknown> {
  const time = (ms: number, date: string | undefined) =>
    date !== undefined
      ? { date }
      : {
          dateTime: new Date(ms).toISOString(),
          ...(e.timeZone !== undefined ? { timeZone: e.timeZone } : {}),
        }
  return {
    summary: e.summary,
    description: e.description,
    location: e.location,
    status: e.status,
    start: time(e.start, e.startDate),
    end: time(e.end, e.endDate),
    transparency: e.transparency,
    attendees: e.attendees,
  }
}

/**
 * events.patch: 200 with the changed event; 404 `notFound` for an unknown event, 400 for unreadable times or an
 * empty range. Setting `status: confirmed` on a deleted event brings it back, as on Google.
 *
 * @example
 * handleEventPatch(req, ctx, state, calendar, 'e1')
 */
export function handleEventPatch(
  req: MockRequest,
  ctx: PackContext,
  state: GoogleScenarioState,
  calendar: CalendarState,
  eventId: string,
): MockResponse {
  if (req.json === undefined || typeof req.json !== 'object' || req.json === null)
    return GOOGLE_ERRORS.parseError()
  const existing = calendar.events.get(eventId)
  if (existing === undefined) return GOOGLE_ERRORS.notFound()
  const body = asRecord(req.json)
  for (const field of ['start', 'end'] as const) {
    if (body[field] !== undefined && readTime(body[field], calendar.timeZone) === undefined)
      return GOOGLE_ERRORS.invalid(field, `Invalid ${field} time.`)
  }
  const merged = { ...asBody(existing), ...body, created: new Date(existing.created).toISOString() }
  const patched = toEvent(
    { ...merged, updated: undefined },
    calendar.timeZone,
    ctx.now().getTime(),
    state.changeSeq + 1,
    eventId,
  )
  if (patched === undefined) return GOOGLE_ERRORS.invalid('start', 'Invalid start time.')
  if (patched.end <= patched.start) return GOOGLE_ERRORS.timeRangeEmpty()
  state.changeSeq++
  calendar.events.set(eventId, patched)
  return { status: 200, body: eventResource(patched, calendar) }
}
