/**
 * The `google-calendar` pack: Google Calendar API v3 on its real paths (so `@googleapis/calendar` works with
 * only `rootUrl` changed): `POST /calendar/v3/freeBusy`, `GET|POST /calendar/v3/calendars/:id/events`,
 * `GET|PATCH|DELETE /calendar/v3/calendars/:id/events/:eventId`, `GET /calendar/v3/users/me/calendarList[/:id]`
 * (all on one per-scenario state; `primary` always exists), Google's error envelope, bearer tokens checked against the
 * `oauth2` pack of the same server (401 `authError` when unknown, expired or revoked; 403
 * `insufficientPermissions` when the token's scope has no calendar scope), and scenario-driven throttling.
 * Test control: `POST /__google-calendar/expire-sync-tokens` makes every sync token of the scenario answer 410.
 * @module
 */
import type { MockPack, MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, bearerToken, matchPath } from '../shared/request-helpers.js'
import { takeThrottle } from '../shared/throttle.js'
import { checkBearer } from '../shared/token-registry.js'
import { findCalendar, googleState } from './calendar-data.js'
import { handleCalendarList, handleCalendarListGet } from './calendar-list.js'
import { handleEventsList } from './events-list.js'
import { handleEventGet, handleEventPatch } from './events-read-patch.js'
import { handleEventDelete, handleEventInsert } from './events-write.js'
import { handleFreeBusy } from './free-busy.js'
import { GOOGLE_ERRORS } from './google-errors.js'

/** A scope that lets a token read (`write: false`) or change (`write: true`) calendars. */
function scopeAllows(scope: readonly string[], write: boolean): boolean {
  return scope.some((s) => {
    const name = s.replace(/^https:\/\/www\.googleapis\.com\/auth\//, '')
    if (!name.startsWith('calendar')) return false
    return !write || name === 'calendar' || name === 'calendar.events'
  })
}

function authorize(req: MockRequest, ctx: PackContext, write: boolean): MockResponse | undefined {
  const check = checkBearer({
    baseUrl: ctx.baseUrl,
    scenario: ctx.scenario,
    token: bearerToken(req),
    now: ctx.now(),
    listed: asRecord(asRecord(ctx.data)['tokens']),
  })
  if (check.kind === 'refused') return GOOGLE_ERRORS.authError()
  if (check.record !== undefined && !scopeAllows(check.record.scope, write))
    return GOOGLE_ERRORS.insufficientPermissions()
  return undefined
}

/**
 * Creates the pack.
 *
 * @example
 * const calendar = google.calendar({ version: 'v3', rootUrl: `${mock.url}/`, auth })
 */
export function createGoogleCalendarPack(): MockPack {
  function handle(req: MockRequest, ctx: PackContext): MockResponse | undefined {
    const { path, method } = req
    if (method === 'POST' && path === '/__google-calendar/expire-sync-tokens') {
      googleState(ctx).syncGeneration++
      return { status: 200, body: { syncGeneration: googleState(ctx).syncGeneration } }
    }
    if (!path.startsWith('/calendar/v3/')) return undefined
    const freeBusy = method === 'POST' && path === '/calendar/v3/freeBusy'
    const events = matchPath('/calendar/v3/calendars/:calendarId/events', path)
    const one = matchPath('/calendar/v3/calendars/:calendarId/events/:eventId', path)
    const listAll = method === 'GET' && path === '/calendar/v3/users/me/calendarList'
    const listOne =
      method === 'GET' ? matchPath('/calendar/v3/users/me/calendarList/:calendarId', path) : undefined
    const write = method !== 'GET' && !freeBusy
    if (!freeBusy && !listAll && events === undefined && one === undefined && listOne === undefined)
      return undefined
    const refused = authorize(req, ctx, write)
    if (refused !== undefined) return refused
    const throttled = takeThrottle(req, ctx)
    if (throttled !== undefined)
      return GOOGLE_ERRORS.rateLimitExceeded(throttled.status, throttled.retryAfter, throttled.message)
    if (freeBusy) return handleFreeBusy(req, ctx)
    const state = googleState(ctx)
    if (listAll) return handleCalendarList(req, state)
    if (listOne !== undefined) return handleCalendarListGet(state, listOne['calendarId']!)
    const calendar = findCalendar(state, (events ?? one)!['calendarId']!)
    if (calendar === undefined) return GOOGLE_ERRORS.notFound()
    if (events !== undefined && method === 'GET') return handleEventsList(req, state, calendar)
    if (events !== undefined && method === 'POST') return handleEventInsert(req, ctx, state, calendar)
    const eventId = one?.['eventId']
    if (eventId === undefined) return undefined
    if (method === 'GET') return handleEventGet(req, calendar, eventId)
    if (method === 'PATCH') return handleEventPatch(req, ctx, state, calendar, eventId)
    if (method === 'DELETE') return handleEventDelete(ctx, state, calendar, eventId)
    return undefined
  }
  return { name: 'google-calendar', handle }
}
