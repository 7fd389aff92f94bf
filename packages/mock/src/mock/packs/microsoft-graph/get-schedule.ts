/**
 * `POST /v1.0/me/calendar/getSchedule` and `/v1.0/users/:id/calendar/getSchedule`: schedule items overlapping
 * the window, the `availabilityView` string (one digit per `availabilityViewInterval` minutes: 0 free,
 * 1 tentative, 2 busy, 3 out of office, 4 working elsewhere; a slot takes its strongest item), working hours,
 * and per-schedule errors inside the 200. Times come back in the `Prefer: outlook.timezone="…"` zone (UTC by
 * default).
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asArray, asRecord } from '../shared/request-helpers.js'
import { formatWallClock } from '../shared/time-zones.js'
import { type GraphScenarioState, type GraphUser, readGraphTime, type ScheduleStatus } from './graph-data.js'
import { graphError } from './graph-errors.js'
import { ianaZone } from './windows-time-zones.js'

const DIGIT: Record<ScheduleStatus, string> = {
  free: '0',
  tentative: '1',
  busy: '2',
  oof: '3',
  workingElsewhere: '4',
  unknown: '0',
}
/** Which status wins a slot when items overlap (the docs merge tentative + busy into busy). */
const STRENGTH: Record<ScheduleStatus, number> = {
  unknown: 0,
  free: 0,
  tentative: 1,
  workingElsewhere: 2,
  busy: 3,
  oof: 4,
}

/**
 * The availability view of a user over `[start, end)` in slots of `intervalMinutes`.
 *
 * @example
 * availabilityView(user, start, end, 60) // '000220000'
 */
export function availabilityView(
  user: GraphUser,
  start: number,
  end: number,
  intervalMinutes: number,
): string {
  const step = intervalMinutes * 60_000
  let view = ''
  for (let slot = start; slot < end; slot += step) {
    let best: ScheduleStatus = 'free'
    for (const item of user.items) {
      if (item.start < slot + step && item.end > slot && STRENGTH[item.status] > STRENGTH[best])
        best = item.status
    }
    view += DIGIT[best]
  }
  return view
}

/** The `Prefer: outlook.timezone="…"` zone: its name as given and its IANA zone (UTC without the header; `undefined` when unknown). */
export function preferredZone(
  req: MockRequest,
): { readonly name: string; readonly iana: string } | undefined {
  const match = /outlook\.timezone="([^"]+)"/i.exec(req.headers['prefer'] ?? '')
  if (match === null) return { name: 'UTC', iana: 'UTC' }
  const iana = ianaZone(match[1]!)
  return iana === undefined ? undefined : { name: match[1]!, iana }
}

/**
 * Answers getSchedule.
 *
 * @example
 * handleGetSchedule(req, ctx, state)
 */
export function handleGetSchedule(
  req: MockRequest,
  ctx: PackContext,
  state: GraphScenarioState,
): MockResponse {
  const now = ctx.now()
  const bad = (message: string) => graphError(req, now, 400, 'invalidRequest', message)
  if (req.json === undefined || req.json === null || typeof req.json !== 'object')
    return bad('Empty Payload. JSON content expected.')
  const body = asRecord(req.json)
  const schedules = asArray(body['schedules']).filter((s): s is string => typeof s === 'string')
  if (schedules.length === 0)
    return bad("The parameter 'schedules' must contain at least one e-mail address.")
  const start = readGraphTime(body['startTime'], 'UTC')
  const end = readGraphTime(body['endTime'], 'UTC')
  if (start === undefined) return bad("The parameter 'startTime' is missing or has an unknown time zone.")
  if (end === undefined) return bad("The parameter 'endTime' is missing or has an unknown time zone.")
  if (end <= start) return bad("The parameter 'endTime' must be later than 'startTime'.")
  // An explicit null once made Graph answer 500 (microsoftgraph/microsoft-graph-docs#4494); kept as a real fault.
  if (body['availabilityViewInterval'] === null)
    return graphError(req, now, 500, 'generalException', 'An internal server error occurred.')
  const interval = body['availabilityViewInterval'] === undefined ? 30 : body['availabilityViewInterval']
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 5 || interval > 1440) {
    return bad("The parameter 'availabilityViewInterval' must be between 5 and 1440 minutes.")
  }
  const zone = preferredZone(req)
  if (zone === undefined) return bad('The time zone in the Prefer header is not valid.')
  const time = (ms: number) => ({ dateTime: formatWallClock(ms, zone.iana), timeZone: zone.name })
  const value = schedules.map((scheduleId) => {
    const user = state.users.get(scheduleId.toLowerCase())
    if (user === undefined) {
      return {
        scheduleId,
        error: {
          message: `Unable to resolve e-mail address ${scheduleId} to an Active Directory object.`,
          responseCode: '5009',
        },
      }
    }
    if (user.error !== undefined) return { scheduleId, error: user.error }
    const items = user.items
      .filter((i) => i.end > start && i.start < end && i.status !== 'free')
      .sort((a, b) => a.start - b.start)
    return {
      scheduleId,
      availabilityView: availabilityView(user, start, end, interval),
      scheduleItems: items.map((i) => ({
        isPrivate: i.isPrivate,
        status: i.status,
        ...(i.subject !== undefined && !i.isPrivate ? { subject: i.subject } : {}),
        ...(i.location !== undefined && !i.isPrivate ? { location: i.location } : {}),
        start: time(i.start),
        end: time(i.end),
      })),
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: user.windowsTimeZone },
      },
    }
  })
  return {
    status: 200,
    body: {
      '@odata.context':
        'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)',
      value,
    },
  }
}
