/**
 * `GET`, `PATCH` and `DELETE /v1.0/me/events/{id}` (also `/me/calendar/events/{id}`, `/users/{id}/events/{id}`):
 * one event of the user's calendar, on the same items getSchedule and calendarView read, so a change shows
 * everywhere at once. Unknown ids → 404 `ErrorItemNotFound`; DELETE → 204 and the event is gone.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord } from '../shared/request-helpers.js'
import { preferredZone } from './get-schedule.js'
import { type GraphUser, readGraphTime, type ScheduleItem, toScheduleItem } from './graph-data.js'
import { graphError } from './graph-errors.js'
import { graphEvent } from './graph-event.js'

const notFound = (req: MockRequest, now: Date) =>
  graphError(req, now, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.')

/**
 * Checks an event body's `start` / `end` (when present, or always when `required`): a 400 response, or undefined.
 *
 * @example
 * badTimes(req, now, user, body, true)
 */
export function badTimes(
  req: MockRequest,
  now: Date,
  user: GraphUser,
  body: Record<string, unknown>,
  required: boolean,
): MockResponse | undefined {
  for (const field of ['start', 'end'] as const) {
    if (!required && body[field] === undefined) continue
    if (
      readGraphTime(body[field], user.timeZone) === undefined ||
      asRecord(body[field])['dateTime'] === undefined
    ) {
      return graphError(
        req,
        now,
        400,
        'invalidRequest',
        `The '${field}' property must have a dateTime and a valid timeZone.`,
      )
    }
  }
  return undefined
}

/** An item back in the shape of a request body, so a PATCH can be laid over it. */
function asBody(item: ScheduleItem): Record<string, unknown> {
  return {
    showAs: item.status,
    start: { dateTime: new Date(item.start).toISOString(), timeZone: item.startZone ?? 'UTC' },
    end: { dateTime: new Date(item.end).toISOString(), timeZone: item.endZone ?? 'UTC' },
    subject: item.subject,
    location: item.location === undefined ? undefined : { displayName: item.location },
    sensitivity: item.isPrivate ? 'private' : 'normal',
    body: item.body,
    attendees: item.attendees,
  }
}

/**
 * Answers GET / PATCH / DELETE on one event.
 *
 * @example
 * handleEventItem(req, ctx, user, 'AAMk1')
 */
export function handleEventItem(
  req: MockRequest,
  ctx: PackContext,
  user: GraphUser,
  eventId: string,
): MockResponse | undefined {
  const now = ctx.now()
  const index = user.items.findIndex((i) => i.id === eventId)
  if (index === -1) return notFound(req, now)
  const item = user.items[index]!
  const zone = preferredZone(req)
  if (zone === undefined)
    return graphError(req, now, 400, 'invalidRequest', 'The time zone in the Prefer header is not valid.')
  const context = `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`
  if (req.method === 'GET')
    return { status: 200, body: { '@odata.context': context, ...graphEvent(user, item, zone, now) } }
  if (req.method === 'DELETE') {
    user.items.splice(index, 1)
    return { status: 204 }
  }
  if (req.method !== 'PATCH') return undefined
  if (req.json === undefined || req.json === null || typeof req.json !== 'object')
    return graphError(req, now, 400, 'BadRequest', 'Empty Payload. JSON content expected.')
  const patch = asRecord(req.json)
  const bad = badTimes(req, now, user, patch, false)
  if (bad !== undefined) return bad
  const merged = toScheduleItem({ ...asBody(item), ...patch }, user.timeZone, item.id)
  if (merged === undefined) return graphError(req, now, 400, 'invalidRequest', 'The event could not be read.')
  if (merged.end <= merged.start)
    return graphError(req, now, 400, 'invalidRequest', 'The end time must be later than the start time.')
  const updated: ScheduleItem = { ...merged, created: item.created ?? now.getTime(), modified: now.getTime() }
  user.items[index] = updated
  return { status: 200, body: { '@odata.context': context, ...graphEvent(user, updated, zone, now) } }
}
