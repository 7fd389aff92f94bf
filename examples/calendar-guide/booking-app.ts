/**
 * The app under test in docs/guide-calendar-app.md: it books a meeting at the first time everyone is free, on
 * Google Calendar or on Microsoft 365. It only knows the providers' base URLs — in production the real ones,
 * in tests the mock server's.
 */
import type { calendar_v3 } from '@googleapis/calendar'
import { calendar as googleCalendar } from '@googleapis/calendar'
import {
  Client,
  type Context,
  HTTPMessageHandler,
  type Middleware,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client'
import { OAuth2Client } from 'google-auth-library'

export interface MeetingRequest {
  readonly subject: string
  /** The organizer's address (Google: their primary calendar; Microsoft: /me). */
  readonly organizer: string
  readonly attendees: readonly string[]
  /** RFC 3339 window to search in. */
  readonly from: string
  readonly to: string
  readonly minutes: number
}

export interface Booking {
  readonly provider: 'google' | 'microsoft'
  readonly eventId: string
  readonly start: string
  readonly end: string
}

export interface OAuthSettings {
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  readonly accessToken: string
  readonly refreshToken: string
}

type Interval = { readonly start: number; readonly end: number }

/** The first `minutes`-long gap in `[from, to)` that no busy interval touches. */
export function firstFreeSlot(
  busy: readonly Interval[],
  from: number,
  to: number,
  minutes: number,
): Interval | undefined {
  let cursor = from
  for (const b of [...busy].sort((x, y) => x.start - y.start)) {
    if (b.start - cursor >= minutes * 60_000) break
    cursor = Math.max(cursor, b.end)
  }
  return cursor + minutes * 60_000 <= to ? { start: cursor, end: cursor + minutes * 60_000 } : undefined
}

// --- Google ------------------------------------------------------------------------------------------------

/** A Google Calendar client; google-auth-library refreshes the token by itself on a 401. */
export function googleClient(
  rootUrl: string,
  oauth: OAuthSettings,
  headers: Record<string, string> = {},
): calendar_v3.Calendar {
  const auth = new OAuth2Client({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    endpoints: { oauth2TokenUrl: oauth.tokenUrl },
  })
  auth.setCredentials({ access_token: oauth.accessToken, refresh_token: oauth.refreshToken })
  return googleCalendar({ version: 'v3', rootUrl, auth, headers })
}

export async function bookWithGoogle(api: calendar_v3.Calendar, meeting: MeetingRequest): Promise<Booking> {
  // freeBusy is a POST, which the client does not retry unless told to; rate limits must be retried.
  const retryConfig = {
    httpMethodsToRetry: ['POST'],
    statusCodesToRetry: [
      [429, 429],
      [500, 599],
    ],
    retryDelay: 100,
  }
  const { data } = await api.freebusy.query(
    {
      requestBody: {
        timeMin: meeting.from,
        timeMax: meeting.to,
        items: [{ id: 'primary' }, ...meeting.attendees.map((id) => ({ id }))],
      },
    },
    { retryConfig },
  )
  const busy: Interval[] = []
  for (const [id, calendar] of Object.entries(data.calendars ?? {})) {
    if (calendar.errors?.length)
      throw new Error(`Cannot see ${id}'s calendar: ${calendar.errors.map((e) => e.reason).join(', ')}`)
    for (const b of calendar.busy ?? []) busy.push({ start: Date.parse(b.start!), end: Date.parse(b.end!) })
  }
  const slot = firstFreeSlot(busy, Date.parse(meeting.from), Date.parse(meeting.to), meeting.minutes)
  if (slot === undefined) throw new Error('No common free time in the window.')
  const event = await api.events.insert({
    calendarId: 'primary',
    requestBody: {
      summary: meeting.subject,
      start: { dateTime: new Date(slot.start).toISOString() },
      end: { dateTime: new Date(slot.end).toISOString() },
      attendees: meeting.attendees.map((email) => ({ email })),
    },
  })
  return {
    provider: 'google',
    eventId: event.data.id!,
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.end).toISOString(),
  }
}

// --- Microsoft ---------------------------------------------------------------------------------------------

/** Sends the bearer token; on a 401 refreshes it once at the token endpoint and resends. */
class RefreshingBearer implements Middleware {
  private next: Middleware | undefined
  constructor(private oauth: OAuthSettings) {}
  async execute(context: Context): Promise<void> {
    await this.send(context, this.oauth.accessToken)
    if (context.response?.status !== 401) return
    const res = await fetch(this.oauth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.oauth.refreshToken,
        client_id: this.oauth.clientId,
        client_secret: this.oauth.clientSecret,
      }),
    })
    if (!res.ok) return
    const tokens = (await res.json()) as { access_token: string; refresh_token?: string }
    this.oauth = {
      ...this.oauth,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? this.oauth.refreshToken,
    }
    await this.send(context, this.oauth.accessToken)
  }
  private async send(context: Context, token: string): Promise<void> {
    context.options ??= {}
    const headers = new Headers(context.options.headers as ConstructorParameters<typeof Headers>[0])
    headers.set('authorization', `Bearer ${token}`)
    context.options.headers = Object.fromEntries(headers)
    await this.next!.execute(context)
  }
  setNext(next: Middleware): void {
    this.next = next
  }
}

/**
 * A Graph client: our bearer middleware (the SDK's own AuthenticationHandler only sends tokens to https Graph
 * hosts), then the SDK's RetryHandler (429/503/504, honours Retry-After) and HTTP handler.
 */
export function graphClient(baseUrl: string, oauth: OAuthSettings): Client {
  const bearer = new RefreshingBearer(oauth)
  const retry = new RetryHandler(new RetryHandlerOptions(1, 3))
  bearer.setNext(retry)
  retry.setNext(new HTTPMessageHandler())
  return Client.initWithMiddleware({ middleware: bearer, baseUrl })
}

export async function bookWithMicrosoft(graph: Client, meeting: MeetingRequest): Promise<Booking> {
  const interval = 15
  const schedule = await graph.api('/me/calendar/getSchedule').post({
    schedules: [meeting.organizer, ...meeting.attendees],
    startTime: { dateTime: new Date(meeting.from).toISOString().slice(0, 19), timeZone: 'UTC' },
    endTime: { dateTime: new Date(meeting.to).toISOString().slice(0, 19), timeZone: 'UTC' },
    availabilityViewInterval: interval,
  })
  // One digit per 15 minutes and person: 0 = free. Per-person failures come inside the 200.
  const views: string[] = []
  for (const s of schedule.value as {
    scheduleId: string
    availabilityView?: string
    error?: { message: string }
  }[]) {
    if (s.error !== undefined) throw new Error(`Cannot see ${s.scheduleId}'s schedule: ${s.error.message}`)
    views.push(s.availabilityView ?? '')
  }
  const need = Math.ceil(meeting.minutes / interval)
  const slots = views[0]!.length
  let run = 0
  for (let i = 0; i < slots; i++) {
    run = views.every((v) => v[i] === '0') ? run + 1 : 0
    if (run === need) {
      const start = Date.parse(meeting.from) + (i - need + 1) * interval * 60_000
      const end = start + meeting.minutes * 60_000
      const event = await graph.api('/me/events').post({
        subject: meeting.subject,
        start: { dateTime: new Date(start).toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: new Date(end).toISOString().slice(0, 19), timeZone: 'UTC' },
        attendees: meeting.attendees.map((address) => ({ emailAddress: { address }, type: 'required' })),
      })
      return {
        provider: 'microsoft',
        eventId: event.id,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
      }
    }
  }
  throw new Error('No common free time in the window.')
}
