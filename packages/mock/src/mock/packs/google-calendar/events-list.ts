/**
 * `GET /calendar/v3/calendars/:calendarId/events` with Google's paging (`pageToken` → `nextPageToken` on every
 * page but the last) and incremental sync (`nextSyncToken` on the last page only; `syncToken` returns what
 * changed since, deleted events included; an invalid or expired sync token → 410 `fullSyncRequired`).
 * @module
 */
import type { MockRequest, MockResponse } from '../../pack.js'
import { formatRfc3339, isTimeZone, parseRfc3339 } from '../shared/time-zones.js'
import type { CalendarEvent, CalendarState, GoogleScenarioState } from './calendar-data.js'
import { GOOGLE_ERRORS } from './google-errors.js'

/** Parameters that Google refuses next to `syncToken`. */
const NOT_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
]

interface SyncToken {
  readonly c: string
  readonly s: number
  readonly g: number
}
interface PageToken {
  readonly o: number
  readonly s: number
  readonly f: number
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
function decode<T>(text: string, keys: readonly string[]): T | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>
    return keys.every((k) => k in value) ? (value as T) : undefined
  } catch {
    return undefined
  }
}

/**
 * An event as Google returns it; a cancelled event in a sync response is the short form (id + status).
 *
 * @example
 * eventResource(event, calendar)
 */
export function eventResource(
  e: CalendarEvent,
  calendar: CalendarState,
  responseZone?: string,
): Record<string, unknown> {
  const etag = `"${e.updated}${String(e.changeSeq).padStart(4, '0')}"`
  if (e.status === 'cancelled') return { kind: 'calendar#event', etag, id: e.id, status: 'cancelled' }
  const zone = responseZone ?? e.timeZone ?? calendar.timeZone
  const time = (ms: number, date: string | undefined) =>
    date !== undefined
      ? { date }
      : { dateTime: formatRfc3339(ms, zone), timeZone: e.timeZone ?? calendar.timeZone }
  return {
    kind: 'calendar#event',
    etag,
    id: e.id,
    status: e.status,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${e.id} ${calendar.id}`).toString('base64url')}`,
    created: new Date(e.created).toISOString(),
    updated: new Date(e.updated).toISOString(),
    ...(e.summary !== undefined ? { summary: e.summary } : {}),
    ...(e.description !== undefined ? { description: e.description } : {}),
    ...(e.location !== undefined ? { location: e.location } : {}),
    creator: { email: calendar.id, self: true },
    organizer: { email: calendar.id, self: true },
    start: time(e.start, e.startDate),
    end: time(e.end, e.endDate),
    iCalUID: `${e.id}@google.com`,
    sequence: 0,
    ...(e.attendees !== undefined ? { attendees: e.attendees } : {}),
    ...(e.transparency === 'transparent' ? { transparency: 'transparent' } : {}),
    eventType: 'default',
  }
}

/**
 * Answers an events.list request for one calendar.
 *
 * @example
 * handleEventsList(req, state, calendar)
 */
export function handleEventsList(
  req: MockRequest,
  state: GoogleScenarioState,
  calendar: CalendarState,
): MockResponse {
  const q = req.query
  const zone = q.get('timeZone') ?? undefined
  if (zone !== undefined && !isTimeZone(zone))
    return GOOGLE_ERRORS.invalid('timeZone', 'Invalid time zone definition.')
  const maxRaw = q.get('maxResults')
  const max = maxRaw === null ? 250 : Number(maxRaw)
  if (!Number.isInteger(max) || max < 1)
    return GOOGLE_ERRORS.invalid('maxResults', 'Invalid value for maxResults.')
  const pageSize = Math.min(max, 2500)
  if (q.get('orderBy') === 'startTime' && q.get('singleEvents') !== 'true') {
    return GOOGLE_ERRORS.invalid(
      'orderBy',
      'The requested ordering is not available for the particular query.',
    )
  }
  for (const param of ['timeMin', 'timeMax', 'updatedMin']) {
    const value = q.get(param)
    if (value !== null && Number.isNaN(parseRfc3339(value)))
      return GOOGLE_ERRORS.invalid(param, 'Bad Request')
  }
  let fromSeq = -1
  const syncText = q.get('syncToken')
  if (syncText !== null) {
    const clash = NOT_WITH_SYNC_TOKEN.find((p) => q.has(p))
    if (clash !== undefined)
      return GOOGLE_ERRORS.invalid(clash, `${clash} is not allowed together with syncToken.`)
    const token = decode<SyncToken>(syncText, ['c', 's', 'g'])
    if (
      token === undefined ||
      token.c !== calendar.id ||
      token.g !== state.syncGeneration ||
      token.s > state.changeSeq
    ) {
      return GOOGLE_ERRORS.fullSyncRequired()
    }
    fromSeq = token.s
  }
  let offset = 0
  let snapshot = state.changeSeq
  const pageText = q.get('pageToken')
  if (pageText !== null) {
    const page = decode<PageToken>(pageText, ['o', 's', 'f'])
    if (page === undefined || page.f !== fromSeq)
      return GOOGLE_ERRORS.invalid('pageToken', 'Invalid page token value.')
    offset = page.o
    snapshot = page.s
  }
  const items = selectEvents(calendar, q, fromSeq)
  const slice = items.slice(offset, offset + pageSize)
  const more = offset + pageSize < items.length
  const updated = Math.max(0, ...[...calendar.events.values()].map((e) => e.updated))
  return {
    status: 200,
    body: {
      kind: 'calendar#events',
      etag: `"${updated}${String(state.changeSeq).padStart(4, '0')}"`,
      summary: calendar.summary,
      description: '',
      updated: new Date(updated).toISOString(),
      timeZone: calendar.timeZone,
      accessRole: calendar.accessRole,
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(more
        ? { nextPageToken: encode({ o: offset + pageSize, s: snapshot, f: fromSeq } satisfies PageToken) }
        : {
            nextSyncToken: encode({
              c: calendar.id,
              s: snapshot,
              g: state.syncGeneration,
            } satisfies SyncToken),
          }),
      items: slice.map((e) => eventResource(e, calendar, zone)),
    },
  }
}

function selectEvents(calendar: CalendarState, q: URLSearchParams, fromSeq: number): CalendarEvent[] {
  const all = [...calendar.events.values()]
  let items: CalendarEvent[]
  if (fromSeq >= 0) items = all.filter((e) => e.changeSeq > fromSeq)
  else {
    const timeMin = q.has('timeMin') ? parseRfc3339(q.get('timeMin')!) : Number.NEGATIVE_INFINITY
    const timeMax = q.has('timeMax') ? parseRfc3339(q.get('timeMax')!) : Number.POSITIVE_INFINITY
    const updatedMin = q.has('updatedMin') ? parseRfc3339(q.get('updatedMin')!) : Number.NEGATIVE_INFINITY
    const text = q.get('q')?.toLowerCase()
    const showDeleted = q.get('showDeleted') === 'true'
    items = all.filter(
      (e) =>
        (showDeleted || e.status !== 'cancelled') &&
        e.end > timeMin &&
        e.start < timeMax &&
        e.updated >= updatedMin &&
        (text === undefined ||
          `${e.summary ?? ''} ${e.description ?? ''} ${e.location ?? ''}`.toLowerCase().includes(text)),
    )
  }
  const byUpdated = q.get('orderBy') === 'updated'
  return items.sort(
    (a, b) => (byUpdated ? a.updated - b.updated : a.start - b.start) || a.id.localeCompare(b.id),
  )
}
