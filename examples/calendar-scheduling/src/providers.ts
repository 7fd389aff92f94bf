/**
 * Busy time from a user's connected calendar: Google Calendar's freeBusy or Microsoft Graph's
 * getSchedule, over plain fetch. An expired access token is refreshed once (and the new one
 * saved); a 429 is retried after Retry-After (Graph sends it) or a short backoff (Google does not).
 */
import type { Interval } from './availability.js'
import type { Provider, ProviderEndpoint, ProviderSettings } from './settings.js'

export interface Integration {
  readonly id: number
  readonly provider: Provider
  readonly calendarId: string
  readonly refreshToken: string
  readonly accessToken: string | null
}

/** Where refreshed tokens go (the calendar_integrations row). */
export type SaveTokens = (
  integrationId: number,
  tokens: { accessToken: string; expiresAt: Date; refreshToken?: string },
) => Promise<void>

/** A provider call that failed for good: the API answers 502 with this message. */
export class ProviderError extends Error {
  constructor(
    readonly provider: Provider,
    message: string,
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`)
  }
}

const MAX_RETRIES = 3

export async function busyIntervals(
  integration: Integration,
  settings: ProviderSettings,
  range: Interval,
  save: SaveTokens,
): Promise<Interval[]> {
  const endpoint = settings[integration.provider]
  const session = new TokenSession(integration, endpoint, save)
  return integration.provider === 'google'
    ? googleBusy(session, endpoint, integration.calendarId, range)
    : microsoftBusy(session, endpoint, integration.calendarId, range)
}

async function googleBusy(
  session: TokenSession,
  endpoint: ProviderEndpoint,
  calendarId: string,
  range: Interval,
): Promise<Interval[]> {
  const res = await session.send(`${endpoint.apiBase}/calendar/v3/freeBusy`, {
    timeMin: new Date(range.start).toISOString(),
    timeMax: new Date(range.end).toISOString(),
    items: [{ id: calendarId }],
  })
  const body = (await res.json()) as {
    calendars?: Record<string, { busy?: { start: string; end: string }[]; errors?: { reason: string }[] }>
  }
  const calendar = body.calendars?.[calendarId]
  if (calendar === undefined || calendar.errors?.length)
    throw new ProviderError('google', `cannot read ${calendarId}: ${calendar?.errors?.map((e) => e.reason)}`)
  return (calendar.busy ?? []).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }))
}

async function microsoftBusy(
  session: TokenSession,
  endpoint: ProviderEndpoint,
  calendarId: string,
  range: Interval,
): Promise<Interval[]> {
  // Graph takes wall times with a zone; ask in UTC, and it answers in UTC.
  const wall = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' })
  const res = await session.send(`${endpoint.apiBase}/v1.0/me/calendar/getSchedule`, {
    schedules: [calendarId],
    startTime: wall(range.start),
    endTime: wall(range.end),
    availabilityViewInterval: 15,
  })
  type Item = { status: string; start: { dateTime: string }; end: { dateTime: string } }
  const body = (await res.json()) as { value: { scheduleItems?: Item[]; error?: { message: string } }[] }
  const schedule = body.value[0]
  if (schedule === undefined || schedule.error !== undefined)
    throw new ProviderError('microsoft', `cannot read ${calendarId}: ${schedule?.error?.message}`)
  const utc = (dateTime: string) => Date.parse(`${dateTime.slice(0, 19)}Z`)
  return (schedule.scheduleItems ?? [])
    .filter((item) => item.status !== 'free')
    .map((item) => ({ start: utc(item.start.dateTime), end: utc(item.end.dateTime) }))
}

/** One integration's access token: refreshed once on a 401, saved where the app keeps it. */
class TokenSession {
  private accessToken: string | null
  private refreshed = false

  constructor(
    private readonly integration: Integration,
    private readonly endpoint: ProviderEndpoint,
    private readonly save: SaveTokens,
  ) {
    this.accessToken = integration.accessToken
  }

  /** POSTs JSON with the bearer token; 2xx or a ProviderError. */
  async send(url: string, body: unknown): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      if (this.accessToken === null) await this.refresh()
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (res.ok) return res
      await res.body?.cancel()
      if (res.status === 401 && !this.refreshed) {
        this.accessToken = null
        continue
      }
      if (res.status === 429 && attempt < MAX_RETRIES) {
        await sleep(retryDelayMs(res, attempt))
        continue
      }
      throw new ProviderError(this.integration.provider, `${url} answered ${res.status}`, res.status)
    }
  }

  private async refresh(): Promise<void> {
    this.refreshed = true
    const res = await fetch(this.endpoint.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.integration.refreshToken,
        client_id: this.endpoint.clientId,
        client_secret: this.endpoint.clientSecret,
      }),
    })
    const tokens = (await res.json()) as {
      access_token?: string
      expires_in?: number
      refresh_token?: string
      error?: string
    }
    if (!res.ok || tokens.access_token === undefined)
      throw new ProviderError(
        this.integration.provider,
        `token refresh refused (${tokens.error ?? res.status}): the user must connect the calendar again`,
        res.status,
      )
    this.accessToken = tokens.access_token
    await this.save(this.integration.id, {
      accessToken: tokens.access_token,
      expiresAt: new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000),
      ...(tokens.refresh_token === undefined ? {} : { refreshToken: tokens.refresh_token }),
    })
  }
}

/** Retry-After in seconds when sent (Graph), else 100 ms, 200 ms, 400 ms (Google sends none). */
function retryDelayMs(res: Response, attempt: number): number {
  const header = Number(res.headers.get('retry-after'))
  return Number.isFinite(header) && header > 0 ? header * 1000 : 100 * 2 ** attempt
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
