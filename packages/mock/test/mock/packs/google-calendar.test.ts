import { calendar as googleCalendar } from '@googleapis/calendar'
import { OAuth2Client } from 'google-auth-library'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

const CALENDAR_DATA = {
  primary: 'alice@example.com',
  groups: {
    'team@example.com': ['alice@example.com', 'bob@example.com'],
    'everyone@example.com': ['a', 'b', 'c'],
  },
  calendars: {
    'alice@example.com': {
      timeZone: 'Europe/Berlin',
      busy: [
        // Wall times in Berlin across the spring-forward gap (02:00 → 03:00 on 2026-03-29): 01:30 CET to 03:30 CEST
        // is one hour of real time.
        { start: '2026-03-29T01:30', end: '2026-03-29T03:30' },
        // 02:30 happens twice on 2026-10-25; the earlier (CEST) one is taken.
        { start: '2026-10-25T02:30', end: '2026-10-25T04:00' },
      ],
      events: [
        {
          id: 'e1',
          summary: 'Standup',
          start: '2026-03-20T09:00:00+01:00',
          end: '2026-03-20T09:15:00+01:00',
        },
        { id: 'e2', summary: 'Review', start: '2026-03-20T10:00', end: '2026-03-20T11:00' },
        {
          id: 'e3',
          summary: 'Lunch',
          start: '2026-03-20T12:00',
          end: '2026-03-20T13:00',
          transparency: 'transparent',
        },
        {
          id: 'e4',
          summary: 'Planning',
          start: { dateTime: '2026-03-20T14:00:00', timeZone: 'America/New_York' },
          end: { dateTime: '2026-03-20T15:00:00', timeZone: 'America/New_York' },
        },
        { id: 'e5', summary: 'Offsite', start: { date: '2026-03-23' }, end: { date: '2026-03-24' } },
      ],
    },
    'bob@example.com': {
      timeZone: 'UTC',
      busy: [{ start: '2026-03-20T09:10:00Z', end: '2026-03-20T09:30:00Z' }],
    },
    'room-1@example.com': { error: 'internalError' },
  },
}

let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['oauth2', 'google-calendar'],
    data: {
      oauth2: {
        default: {
          clients: [{ clientId: 'app', clientSecret: 's3cret' }],
          refreshTokens: [
            { token: 'r-1', clientId: 'app', scope: 'https://www.googleapis.com/auth/calendar' },
          ],
          accessTokens: [
            {
              token: 'at-expired',
              clientId: 'app',
              scope: 'https://www.googleapis.com/auth/calendar',
              expired: true,
            },
            { token: 'at-good', clientId: 'app', scope: 'https://www.googleapis.com/auth/calendar' },
            {
              token: 'at-readonly',
              clientId: 'app',
              scope: 'https://www.googleapis.com/auth/calendar.readonly',
            },
          ],
        },
        throttled: { accessTokens: [{ token: 'at-good', scope: 'calendar' }] },
        sync: { accessTokens: [{ token: 'at-good', scope: 'calendar' }] },
      },
      'google-calendar': {
        default: CALENDAR_DATA,
        sync: CALENDAR_DATA,
        throttled: {
          ...CALENDAR_DATA,
          throttle: [
            { path: '/events', method: 'GET', times: 2 },
            { path: '/freeBusy', times: 1 },
          ],
        },
      },
    },
  })
})
afterAll(() => server.close())

/** What a GaxiosError carries for a Google error envelope. */
function googleError(status: number, item: Record<string, string>) {
  return { status, response: { data: { error: { code: status, errors: [expect.objectContaining(item)] } } } }
}

/** The official client, pointed at the mock with only its root URL changed. */
function client(credentials: { access_token?: string; refresh_token?: string }, scenario = 'default') {
  const auth = new OAuth2Client({
    clientId: 'app',
    clientSecret: 's3cret',
    endpoints: { oauth2TokenUrl: `${server.url}/token` },
  })
  auth.setCredentials(credentials)
  return googleCalendar({
    version: 'v3',
    rootUrl: `${server.url}/`,
    auth,
    headers: { 'x-mock-scenario': scenario },
  })
}

describe('google-calendar pack: freeBusy through @googleapis/calendar', () => {
  it('returns merged busy intervals in the requested time zone, skipping transparent events', async () => {
    const { data } = await client({ access_token: 'at-good' }).freebusy.query({
      requestBody: {
        timeMin: '2026-03-20T00:00:00+01:00',
        timeMax: '2026-03-21T00:00:00+01:00',
        timeZone: 'Europe/Berlin',
        items: [
          { id: 'primary' },
          { id: 'bob@example.com' },
          { id: 'nobody@example.com' },
          { id: 'room-1@example.com' },
        ],
      },
    })
    expect(data.kind).toBe('calendar#freeBusy')
    expect(data.timeMin).toBe('2026-03-19T23:00:00.000Z')
    expect(data.calendars?.['primary']?.busy).toEqual([
      { start: '2026-03-20T09:00:00+01:00', end: '2026-03-20T09:15:00+01:00' },
      { start: '2026-03-20T10:00:00+01:00', end: '2026-03-20T11:00:00+01:00' },
      // 14:00 in New York (EDT, -4) is 19:00 in Berlin (CET, +1): the US switched to DST two weeks before Europe.
      { start: '2026-03-20T19:00:00+01:00', end: '2026-03-20T20:00:00+01:00' },
    ])
    expect(data.calendars?.['bob@example.com']?.busy).toEqual([
      { start: '2026-03-20T10:10:00+01:00', end: '2026-03-20T10:30:00+01:00' },
    ])
    // Per-calendar failures come inside the 200, as Google sends them.
    expect(data.calendars?.['nobody@example.com']).toEqual({
      errors: [{ domain: 'global', reason: 'notFound' }],
    })
    expect(data.calendars?.['room-1@example.com']?.errors).toEqual([
      { domain: 'global', reason: 'internalError' },
    ])
  })

  it('reads wall times across DST gaps and overlaps, and clips to the window', async () => {
    const api = client({ access_token: 'at-good' })
    const spring = await api.freebusy.query({
      requestBody: {
        timeMin: '2026-03-29T00:00:00Z',
        timeMax: '2026-03-30T00:00:00Z',
        items: [{ id: 'alice@example.com' }],
      },
    })
    expect(spring.data.calendars?.['alice@example.com']?.busy).toEqual([
      { start: '2026-03-29T00:30:00Z', end: '2026-03-29T01:30:00Z' },
    ])
    const fall = await api.freebusy.query({
      requestBody: {
        timeMin: '2026-10-25T00:00:00Z',
        timeMax: '2026-10-25T02:00:00Z',
        timeZone: 'Europe/Berlin',
        items: [{ id: 'alice@example.com' }],
      },
    })
    // 02:30 CEST = 00:30Z; 04:00 CET = 03:00Z, clipped at 02:00Z (= 03:00 CET).
    expect(fall.data.calendars?.['alice@example.com']?.busy).toEqual([
      { start: '2026-10-25T02:30:00+02:00', end: '2026-10-25T03:00:00+01:00' },
    ])
  })

  it('expands groups and reports groups that are too big', async () => {
    const { data } = await client({ access_token: 'at-good' }).freebusy.query({
      requestBody: {
        timeMin: '2026-03-20T00:00:00Z',
        timeMax: '2026-03-21T00:00:00Z',
        groupExpansionMax: 2,
        items: [{ id: 'team@example.com' }, { id: 'everyone@example.com' }],
      },
    })
    expect(data.groups?.['team@example.com']).toEqual({ calendars: ['alice@example.com', 'bob@example.com'] })
    expect(data.groups?.['everyone@example.com']?.errors).toEqual([
      { domain: 'global', reason: 'groupTooBig' },
    ])
    expect(Object.keys(data.calendars ?? {})).toEqual(['alice@example.com', 'bob@example.com'])
  })

  it('answers bad requests with Google error envelopes', async () => {
    const api = client({ access_token: 'at-good' })
    await expect(
      api.freebusy.query({ requestBody: { timeMax: '2026-03-21T00:00:00Z', items: [] } }),
    ).rejects.toMatchObject(
      googleError(400, { domain: 'global', reason: 'required', message: 'Missing timeMin parameter.' }),
    )
    await expect(
      api.freebusy.query({
        requestBody: { timeMin: '2026-03-21T00:00:00Z', timeMax: '2026-03-20T00:00:00Z', items: [] },
      }),
    ).rejects.toMatchObject(googleError(400, { reason: 'timeRangeEmpty', location: 'timeMax' }))
  })
})

describe('google-calendar pack: events through @googleapis/calendar', () => {
  it('pages with nextPageToken, ends with nextSyncToken, then syncs changes including deletions', async () => {
    const api = client({ access_token: 'at-good' }, 'sync')
    const ids: string[] = []
    let pageToken: string | undefined
    let syncToken: string | undefined
    for (let page = 0; page < 10; page++) {
      const { data } = await api.events.list({
        calendarId: 'primary',
        maxResults: 2,
        ...(pageToken ? { pageToken } : {}),
      })
      ids.push(...(data.items ?? []).map((e) => e.id!))
      expect(data.nextPageToken === undefined || data.nextPageToken === null).toBe(
        data.nextSyncToken !== undefined && data.nextSyncToken !== null,
      )
      pageToken = data.nextPageToken ?? undefined
      syncToken = data.nextSyncToken ?? undefined
      if (pageToken === undefined) break
    }
    expect(ids).toEqual(['e1', 'e2', 'e3', 'e4', 'e5'])
    expect(syncToken).toBeDefined()

    const created = await api.events.insert({
      calendarId: 'primary',
      requestBody: {
        summary: 'Booked',
        start: { dateTime: '2026-03-20T16:00:00+01:00' },
        end: { dateTime: '2026-03-20T16:30:00+01:00' },
      },
    })
    await api.events.delete({ calendarId: 'primary', eventId: 'e2' })
    const changes = await api.events.list({ calendarId: 'primary', syncToken })
    expect(changes.data.items?.map((e) => [e.id, e.status])).toEqual([
      ['e2', 'cancelled'],
      [created.data.id, 'confirmed'],
    ])
    const nothingNew = await api.events.list({
      calendarId: 'primary',
      syncToken: changes.data.nextSyncToken!,
    })
    expect(nothingNew.data.items).toEqual([])

    // Expired sync tokens → 410 fullSyncRequired: the app must drop its cache and list again.
    await fetch(`${server.url}/__google-calendar/expire-sync-tokens`, {
      method: 'POST',
      headers: { 'x-mock-scenario': 'sync' },
    })
    await expect(
      api.events.list({ calendarId: 'primary', syncToken: changes.data.nextSyncToken! }),
    ).rejects.toMatchObject(googleError(410, { domain: 'calendar', reason: 'fullSyncRequired' }))
    await expect(api.events.list({ calendarId: 'primary', syncToken: 'garbage' })).rejects.toMatchObject({
      status: 410,
    })
    await expect(
      api.events.list({ calendarId: 'primary', syncToken: 'x', timeMin: '2026-03-20T00:00:00Z' }),
    ).rejects.toMatchObject({
      status: 400,
    })
  })

  it('filters by timeMin (event end) and timeMax (event start), and 404s unknown calendars', async () => {
    const api = client({ access_token: 'at-good' })
    const { data } = await api.events.list({
      calendarId: 'alice@example.com',
      timeMin: '2026-03-20T09:10:00+01:00',
      timeMax: '2026-03-20T12:00:00+01:00',
      singleEvents: true,
      orderBy: 'startTime',
    })
    expect(data.items?.map((e) => e.id)).toEqual(['e1', 'e2'])
    expect(data.items?.[1]?.start).toEqual({
      dateTime: '2026-03-20T10:00:00+01:00',
      timeZone: 'Europe/Berlin',
    })
    await expect(api.events.list({ calendarId: 'nobody@example.com' })).rejects.toMatchObject(
      googleError(404, { reason: 'notFound' }),
    )
  })
})

describe('google-calendar pack: tokens and throttling', () => {
  it('answers 401 for an expired token; google-auth-library refreshes at the oauth2 pack and retries', async () => {
    const before = server.seen.length
    const api = client({ access_token: 'at-expired', refresh_token: 'r-1' })
    const { data } = await api.events.list({ calendarId: 'primary', maxResults: 1 })
    expect(data.items).toHaveLength(1)
    expect(server.seen.slice(before)).toEqual([
      'GET /calendar/v3/calendars/primary/events 401',
      'POST /token 200',
      'GET /calendar/v3/calendars/primary/events 200',
    ])
  })

  it('surfaces authError when the token cannot be refreshed, and insufficientPermissions for a read-only scope', async () => {
    await expect(
      client({ access_token: 'at-expired' }).events.list({ calendarId: 'primary' }),
    ).rejects.toMatchObject(
      googleError(401, {
        domain: 'global',
        reason: 'authError',
        message: 'Invalid Credentials',
        location: 'Authorization',
      }),
    )
    await expect(
      client({ access_token: 'never-issued' }).events.list({ calendarId: 'primary' }),
    ).rejects.toMatchObject({ status: 401 })
    await expect(
      client({ access_token: 'at-readonly' }).events.insert({
        calendarId: 'primary',
        requestBody: {
          start: { dateTime: '2026-03-20T16:00:00Z' },
          end: { dateTime: '2026-03-20T17:00:00Z' },
        },
      }),
    ).rejects.toMatchObject(googleError(403, { reason: 'insufficientPermissions' }))
  })

  it('throttles with 429 rateLimitExceeded; the client retries GETs by itself, POSTs only when told to', async () => {
    const before = server.seen.length
    const api = client({ access_token: 'at-good' }, 'throttled')
    const { data } = await api.events.list(
      { calendarId: 'primary' },
      { retryConfig: { retryDelay: 1, retryDelayMultiplier: 1 } },
    )
    expect(data.items).toHaveLength(5)
    expect(server.seen.slice(before).map((s) => s.split(' ').at(-1))).toEqual(['429', '429', '200'])
    const body = {
      timeMin: '2026-03-20T00:00:00Z',
      timeMax: '2026-03-21T00:00:00Z',
      items: [{ id: 'primary' }],
    }
    await expect(api.freebusy.query({ requestBody: body })).rejects.toMatchObject(
      googleError(429, { domain: 'usageLimits', reason: 'rateLimitExceeded' }),
    )
    const retried = await api.freebusy.query(
      { requestBody: body },
      { retryConfig: { httpMethodsToRetry: ['POST'], retryDelay: 1 } },
    )
    expect(retried.status).toBe(200)
  })
})
