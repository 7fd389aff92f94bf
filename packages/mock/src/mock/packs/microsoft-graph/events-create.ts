/**
 * `POST /v1.0/me/events` (also `/me/calendar/events`, `/users/:id/events`): creates an event, which then shows
 * in getSchedule as its `showAs` status (busy by default) — what a booking app does.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord } from '../shared/request-helpers.js'
import { formatWallClock } from '../shared/time-zones.js'
import { type GraphScenarioState, type GraphUser, readGraphTime, toScheduleItem } from './graph-data.js'
import { graphError } from './graph-errors.js'

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
  for (const field of ['start', 'end'] as const) {
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
  const item = toScheduleItem({ ...body, status: body['showAs'] }, user.timeZone, `AAMk${state.nextId++}`)
  if (item === undefined) return graphError(req, now, 400, 'invalidRequest', 'The event could not be read.')
  if (item.end <= item.start)
    return graphError(req, now, 400, 'invalidRequest', 'The end time must be later than the start time.')
  user.items.push(item)
  const zoneOf = (field: 'start' | 'end') => String(asRecord(body[field])['timeZone'] ?? 'UTC')
  return {
    status: 201,
    headers: { location: `${ctx.baseUrl}/v1.0/users/${encodeURIComponent(user.id)}/events/${item.id}` },
    body: {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`,
      id: item.id,
      createdDateTime: now.toISOString(),
      lastModifiedDateTime: now.toISOString(),
      subject: item.subject ?? '',
      showAs: item.status,
      isCancelled: false,
      start: {
        dateTime: formatWallClock(item.start, 'UTC'),
        timeZone: 'UTC',
        requestedTimeZone: zoneOf('start'),
      },
      end: { dateTime: formatWallClock(item.end, 'UTC'), timeZone: 'UTC', requestedTimeZone: zoneOf('end') },
      attendees: Array.isArray(body['attendees']) ? body['attendees'] : [],
      organizer: { emailAddress: { address: user.id } },
    },
  }
}
