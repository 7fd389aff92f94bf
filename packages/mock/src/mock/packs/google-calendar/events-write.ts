/**
 * `POST /calendar/v3/calendars/:calendarId/events` (insert) and `DELETE …/events/:eventId`: what a booking app
 * does. Inserted events count as busy in freeBusy and show up in incremental sync.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, asString, randomId } from '../shared/request-helpers.js'
import { type CalendarState, type GoogleScenarioState, readTime, toEvent } from './calendar-data.js'
import { eventResource } from './events-list.js'
import { GOOGLE_ERRORS } from './google-errors.js'

/**
 * Inserts an event.
 *
 * @example
 * handleEventInsert(req, ctx, state, calendar) // { status: 200, body: { kind: 'calendar#event', id: '…' } }
 */
export function handleEventInsert(
  req: MockRequest,
  ctx: PackContext,
  state: GoogleScenarioState,
  calendar: CalendarState,
): MockResponse {
  if (req.json === undefined || typeof req.json !== 'object' || req.json === null)
    return GOOGLE_ERRORS.parseError()
  const body = asRecord(req.json)
  for (const field of ['start', 'end'] as const) {
    if (body[field] === undefined) return GOOGLE_ERRORS.required(field)
    if (readTime(body[field], calendar.timeZone) === undefined)
      return GOOGLE_ERRORS.invalid(field, `Invalid ${field} time.`)
  }
  const id =
    asString(body['id']) ??
    randomId('evt', 9)
      .replace(/[^a-v0-9]/g, '0')
      .toLowerCase()
  if (calendar.events.has(id)) return GOOGLE_ERRORS.duplicate()
  const now = ctx.now().getTime()
  const event = toEvent(
    { ...body, created: undefined, updated: undefined },
    calendar.timeZone,
    now,
    ++state.changeSeq,
    id,
  )
  if (event === undefined) return GOOGLE_ERRORS.invalid('start', 'Invalid start time.')
  if (event.end <= event.start) return GOOGLE_ERRORS.timeRangeEmpty()
  calendar.events.set(id, event)
  return { status: 200, body: eventResource(event, calendar) }
}

/**
 * Deletes (cancels) an event: 204, then 410 `deleted` if deleted again, 404 if unknown.
 *
 * @example
 * handleEventDelete(ctx, state, calendar, 'evt1') // { status: 204 }
 */
export function handleEventDelete(
  ctx: PackContext,
  state: GoogleScenarioState,
  calendar: CalendarState,
  eventId: string,
): MockResponse {
  const event = calendar.events.get(eventId)
  if (event === undefined) return GOOGLE_ERRORS.notFound()
  if (event.status === 'cancelled') {
    return {
      status: 410,
      body: {
        error: {
          errors: [{ domain: 'global', reason: 'deleted', message: 'Resource has been deleted' }],
          code: 410,
          message: 'Resource has been deleted',
        },
      },
    }
  }
  calendar.events.set(eventId, {
    ...event,
    status: 'cancelled',
    updated: ctx.now().getTime(),
    changeSeq: ++state.changeSeq,
  })
  return { status: 204 }
}
