/**
 * `GET /v1.0/me/calendarView?startDateTime=…&endDateTime=…` (also `/me/calendar/calendarView`,
 * `/users/{id}/calendarView`): the events overlapping the window, earliest first, in pages of `$top` (Graph's
 * default 10) linked by `@odata.nextLink`, times in the `Prefer: outlook.timezone` zone.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { preferredZone } from './get-schedule.js'
import { type GraphUser, readGraphTime } from './graph-data.js'
import { graphError } from './graph-errors.js'
import { graphEvent } from './graph-event.js'

/**
 * Answers calendarView.
 *
 * @example
 * handleCalendarView(req, ctx, user)
 */
export function handleCalendarView(req: MockRequest, ctx: PackContext, user: GraphUser): MockResponse {
  const now = ctx.now()
  const q = req.query
  const startText = q.get('startDateTime') ?? q.get('StartDateTime')
  const endText = q.get('endDateTime') ?? q.get('EndDateTime')
  if (startText === null || endText === null) {
    return graphError(
      req,
      now,
      400,
      'ErrorInvalidParameters',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    )
  }
  // A time without offset is UTC on Graph (the Prefer header changes the output zone only).
  const start = readGraphTime(startText, 'UTC')
  const end = readGraphTime(endText, 'UTC')
  if (start === undefined || end === undefined)
    return graphError(
      req,
      now,
      400,
      'ErrorInvalidParameters',
      'The value of StartDateTime or EndDateTime is not valid.',
    )
  const zone = preferredZone(req)
  if (zone === undefined)
    return graphError(req, now, 400, 'invalidRequest', 'The time zone in the Prefer header is not valid.')
  const top = q.has('$top') ? Number(q.get('$top')) : 10
  const skip = q.has('$skip') ? Number(q.get('$skip')) : 0
  if (!Number.isInteger(top) || top < 1 || !Number.isInteger(skip) || skip < 0)
    return graphError(req, now, 400, 'BadRequest', "Invalid value for the '$top' or '$skip' query option.")
  const items = user.items
    .filter((i) => i.end > start && i.start < end)
    .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id))
  const page = items.slice(skip, skip + top)
  const body: Record<string, unknown> = {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/calendarView`,
    value: page.map((i) => graphEvent(user, i, zone, now)),
  }
  if (skip + top < items.length) {
    const next = new URLSearchParams(q)
    next.set('$top', String(top))
    next.set('$skip', String(skip + top))
    body['@odata.nextLink'] = `${ctx.requestBaseUrl ?? ctx.baseUrl}${req.path}?${next.toString()}`
  }
  return { status: 200, body }
}
