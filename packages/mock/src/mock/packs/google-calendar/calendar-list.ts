/**
 * `GET /calendar/v3/users/me/calendarList` (calendarList.list) and `…/calendarList/:calendarId`
 * (calendarList.get): the scenario's calendars as the signed-in user sees them; the primary one carries
 * `primary: true` and its real id (Google lists the account's address, never the alias `primary`).
 * @module
 */
import type { MockRequest, MockResponse } from '../../pack.js'
import { type CalendarState, findCalendar, type GoogleScenarioState } from './calendar-data.js'
import { GOOGLE_ERRORS } from './google-errors.js'

function entry(calendar: CalendarState, primary: boolean): Record<string, unknown> {
  return {
    kind: 'calendar#calendarListEntry',
    etag: `"${Buffer.from(calendar.id).toString('hex').slice(0, 16)}"`,
    id: calendar.id,
    summary: calendar.summary,
    timeZone: calendar.timeZone,
    colorId: '14',
    backgroundColor: '#9fe1e7',
    foregroundColor: '#000000',
    selected: true,
    accessRole: calendar.accessRole,
    defaultReminders: [],
    conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
    ...(primary ? { primary: true } : {}),
  }
}

/**
 * calendarList.list (every calendar on one page; `minAccessRole` filters).
 *
 * @example
 * handleCalendarList(req, state) // { status: 200, body: { kind: 'calendar#calendarList', items: [ … ] } }
 */
export function handleCalendarList(req: MockRequest, state: GoogleScenarioState): MockResponse {
  const ROLES = ['freeBusyReader', 'reader', 'writer', 'owner']
  const min = req.query.get('minAccessRole')
  if (min !== null && !ROLES.includes(min))
    return GOOGLE_ERRORS.invalid('minAccessRole', 'Invalid value for minAccessRole.')
  const items = [...state.calendars.values()]
    .filter((c) => min === null || ROLES.indexOf(c.accessRole) >= ROLES.indexOf(min))
    .map((c) => entry(c, c.id === state.primary))
  return {
    status: 200,
    body: {
      kind: 'calendar#calendarList',
      etag: `"${state.changeSeq}"`,
      nextSyncToken: Buffer.from(JSON.stringify({ l: state.changeSeq })).toString('base64url'),
      items,
    },
  }
}

/**
 * calendarList.get (`primary` allowed).
 *
 * @example
 * handleCalendarListGet(state, 'primary')
 */
export function handleCalendarListGet(state: GoogleScenarioState, id: string): MockResponse {
  const calendar = findCalendar(state, id)
  if (calendar === undefined) return GOOGLE_ERRORS.notFound()
  return { status: 200, body: entry(calendar, calendar.id === state.primary) }
}
