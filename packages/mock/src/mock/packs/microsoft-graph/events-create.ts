/**
 * `POST /v1.0/me/events` (also `/me/calendar/events`, `/users/:id/events`): creates an event, which then shows
 * in getSchedule as its `showAs` status (busy by default), in calendarView and at `/me/events/{id}` — what a
 * booking app does.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord } from '../shared/request-helpers.js'
import { badTimes } from './events-item.js'
import { preferredZone } from './get-schedule.js'
import { type GraphScenarioState, type GraphUser, toScheduleItem } from './graph-data.js'
import { graphError } from './graph-errors.js'
import { graphEvent } from './graph-event.js'

/**
 * Creates an event for a user; 201 with the event.
 *
 * @example
 * handleCreateEvent(req, ctx, state, user)
 */
export function handleCreateEvent(
  req: MockRequest,
  ctx: PackContext,
  state: GraphScenarioState,
  user: GraphUser,
): MockResponse {
  const now = ctx.now()
  const body = asRecord(req.json)
  const bad = badTimes(req, now, user, body, true)
  if (bad !== undefined) return bad
  const zone = preferredZone(req)
  if (zone === undefined)
    return graphError(req, now, 400, 'invalidRequest', 'The time zone in the Prefer header is not valid.')
  const read = toScheduleItem({ ...body, status: body['showAs'] }, user.timeZone, `AAMk${state.nextId++}`)
  if (read === undefined) return graphError(req, now, 400, 'invalidRequest', 'The event could not be read.')
  if (read.end <= read.start)
    return graphError(req, now, 400, 'invalidRequest', 'The end time must be later than the start time.')
  const item = { ...read, created: now.getTime(), modified: now.getTime() }
  user.items.push(item)
  return {
    status: 201,
    headers: { location: `${ctx.baseUrl}/v1.0/users/${encodeURIComponent(user.id)}/events/${item.id}` },
    body: {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`,
      ...graphEvent(user, item, zone, now),
    },
  }
}
