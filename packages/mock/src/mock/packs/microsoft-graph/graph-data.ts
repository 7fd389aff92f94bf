/**
 * The `microsoft-graph` pack's scenario data (`<dir>/packs/microsoft-graph/<scenario>.yaml`) and state.
 *
 * ```yaml
 * me: adele@contoso.com                  # who /me is (default: the first user, else an empty me@example.com)
 * tokens: { expired-token: expired }     # bearer verdicts when no oauth2 pack is the authority
 * throttle: [{ path: getSchedule, times: 1, retryAfter: 2 }]
 * users:
 *   adele@contoso.com:
 *     timeZone: Pacific Standard Time    # Windows or IANA names; wall times below are read in it
 *     scheduleItems:
 *       - { status: busy, start: 2019-03-15T12:00:00, end: 2019-03-15T14:00:00, subject: Lunch, location: Harry's Bar }
 *       - { status: tentative, start: { dateTime: 2019-03-15T13:00:00, timeZone: UTC }, end: … }
 *   room@contoso.com:
 *     error: { message: Mailbox is unavailable., responseCode: ErrorMailboxUnavailable }
 * ```
 * Unknown schedules get Graph's "Unable to resolve e-mail address …" error (responseCode 5009) inside the 200.
 * @module
 */
import type { PackContext } from '../../pack.js'
import { asArray, asRecord, asString } from '../shared/request-helpers.js'
import { parseRfc3339, zonedToInstant } from '../shared/time-zones.js'
import { ianaZone } from './windows-time-zones.js'

/** Who /me is when the scenario data names no user. */
export const DEFAULT_ME = 'me@example.com'

/** A schedule status, as Graph names them. */
export type ScheduleStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown'

/** One busy/free item of a user, times as epoch ms. */
export interface ScheduleItem {
  readonly id: string
  readonly status: ScheduleStatus
  readonly start: number
  readonly end: number
  readonly subject?: string
  readonly location?: string
  readonly isPrivate: boolean
  /** Event fields kept for `GET /me/events/{id}` and calendarView (items from data have none of them). */
  readonly body?: { readonly contentType: string; readonly content: string }
  readonly attendees?: readonly unknown[]
  readonly created?: number
  readonly modified?: number
  /** The zone names the event was written with (Graph's `originalStartTimeZone` / `originalEndTimeZone`). */
  readonly startZone?: string
  readonly endZone?: string
}

/** One user (mailbox) of the scenario. */
export interface GraphUser {
  /** The mailbox address (`userPrincipalName`). */
  readonly id: string
  readonly displayName?: string
  readonly timeZone: string
  readonly windowsTimeZone: string
  /** Replaced or removed in place by PATCH / DELETE. */
  readonly items: ScheduleItem[]
  readonly error?: { readonly message: string; readonly responseCode: string }
}

/** The pack's scenario state. */
export interface GraphScenarioState {
  readonly users: Map<string, GraphUser>
  /** The lower-cased key of the signed-in user; always a key of `users`. */
  readonly me: string
  nextId: number
}

const STATUSES: readonly ScheduleStatus[] = [
  'free',
  'tentative',
  'busy',
  'oof',
  'workingElsewhere',
  'unknown',
]

/**
 * Reads a Graph time: `{ dateTime, timeZone }` (Windows or IANA zone), an RFC 3339 string with offset, or a wall
 * time in `zone`. `undefined` when it cannot be read or the zone is unknown.
 *
 * @example
 * readGraphTime({ dateTime: '2019-03-15T09:00:00', timeZone: 'Pacific Standard Time' }, 'UTC')
 */
export function readGraphTime(value: unknown, zone: string): number | undefined {
  const text = asString(value)
  if (text !== undefined) {
    const withOffset = parseRfc3339(text)
    if (!Number.isNaN(withOffset)) return withOffset
    const local = zonedToInstant(text.replace(/(\.\d+)$/, ''), zone)
    return Number.isNaN(local) ? undefined : local
  }
  const obj = asRecord(value)
  const dateTime = asString(obj['dateTime'])
  const tzName = asString(obj['timeZone'])
  const tz = tzName === undefined ? zone : ianaZone(tzName)
  if (dateTime === undefined || tz === undefined) return undefined
  return readGraphTime(dateTime, tz)
}

/**
 * Builds a schedule item from data or a request body.
 *
 * @example
 * toScheduleItem({ status: 'busy', start: '2019-03-15T12:00:00', end: '2019-03-15T13:00:00' }, 'UTC', 'i1')
 */
export function toScheduleItem(raw: unknown, zone: string, id: string): ScheduleItem | undefined {
  const r = asRecord(raw)
  const itemZone = ianaZone(asString(r['timeZone']) ?? '') ?? zone
  const zoneName = (field: string) => asString(asRecord(r[field])['timeZone'])
  const startZone = zoneName('start')
  const endZone = zoneName('end')
  const body = asRecord(r['body'])
  const content = asString(body['content'])
  const start = readGraphTime(r['start'], itemZone)
  const end = readGraphTime(r['end'], itemZone)
  if (start === undefined || end === undefined) return undefined
  const status = asString(r['status'] ?? r['showAs']) as ScheduleStatus | undefined
  const subject = asString(r['subject'])
  const location = asString(asRecord(r['location'])['displayName'] ?? r['location'])
  return {
    id,
    status: status !== undefined && STATUSES.includes(status) ? status : 'busy',
    start,
    end,
    ...(subject !== undefined ? { subject } : {}),
    ...(location !== undefined ? { location } : {}),
    isPrivate: r['isPrivate'] === true || r['sensitivity'] === 'private',
    ...(content !== undefined
      ? { body: { contentType: asString(body['contentType']) ?? 'text', content } }
      : {}),
    ...(Array.isArray(r['attendees']) ? { attendees: r['attendees'] } : {}),
    ...(startZone !== undefined ? { startZone } : {}),
    ...(endZone !== undefined ? { endZone } : {}),
  }
}

/**
 * The scenario state, built from the data on first use.
 *
 * @example
 * const state = graphState(ctx)
 */
export function graphState(ctx: PackContext): GraphScenarioState {
  const existing = ctx.state.get('microsoft-graph') as GraphScenarioState | undefined
  if (existing !== undefined) return existing
  const data = asRecord(ctx.data)
  const users = new Map<string, GraphUser>()
  let nextId = 1
  for (const [id, rawUser] of Object.entries(asRecord(data['users']))) {
    const u = asRecord(rawUser)
    const windowsTimeZone = asString(u['timeZone']) ?? 'UTC'
    const timeZone = ianaZone(windowsTimeZone) ?? 'UTC'
    const items = asArray(u['scheduleItems']).flatMap((raw) => {
      const item = toScheduleItem(raw, timeZone, `AAMk${nextId++}`)
      return item === undefined ? [] : [item]
    })
    const err = asRecord(u['error'])
    const message = asString(err['message'])
    const displayName = asString(u['displayName'])
    users.set(id.toLowerCase(), {
      id,
      ...(displayName !== undefined ? { displayName } : {}),
      timeZone,
      windowsTimeZone,
      items,
      ...(message !== undefined
        ? { error: { message, responseCode: asString(err['responseCode']) ?? 'ErrorMailboxUnavailable' } }
        : {}),
    })
  }
  // The signed-in user always exists: without users in the data (or with `me` naming none of them) /me is an
  // empty mailbox, as a fresh account would be, rather than a 404.
  const me = asString(data['me'])?.toLowerCase() ?? users.keys().next().value ?? DEFAULT_ME
  if (!users.has(me)) users.set(me, { id: me, timeZone: 'UTC', windowsTimeZone: 'UTC', items: [] })
  const state: GraphScenarioState = { users, me, nextId }
  ctx.state.set('microsoft-graph', state)
  return state
}
