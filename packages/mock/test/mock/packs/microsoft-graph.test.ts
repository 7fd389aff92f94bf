import { GraphError } from '@microsoft/microsoft-graph-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphClient } from './helpers/graph-client.js'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

const GRAPH_DATA = {
  me: 'adelev@contoso.com',
  users: {
    'adelev@contoso.com': {
      timeZone: 'Pacific Standard Time',
      scheduleItems: [
        {
          status: 'busy',
          start: '2019-03-15T12:00:00',
          end: '2019-03-15T14:00:00',
          subject: "Let's go for lunch",
          location: "Harry's Bar",
        },
        { status: 'tentative', start: '2019-03-15T13:00:00', end: '2019-03-15T13:30:00', subject: 'Maybe' },
        {
          status: 'oof',
          start: '2019-03-15T17:00:00',
          end: '2019-03-15T18:00:00',
          isPrivate: true,
          subject: 'Hidden',
        },
      ],
    },
    'meganb@contoso.com': {
      timeZone: 'Europe/Berlin',
      scheduleItems: [
        { status: 'workingElsewhere', start: '2019-03-15T19:00:00', end: '2019-03-15T20:00:00' },
      ],
    },
    'room@contoso.com': {
      error: { message: 'Mailbox is unavailable.', responseCode: 'ErrorMailboxUnavailable' },
    },
  },
}

const REQUEST = {
  schedules: ['adelev@contoso.com', 'meganb@contoso.com', 'ghost@contoso.com', 'room@contoso.com'],
  startTime: { dateTime: '2019-03-15T09:00:00', timeZone: 'Pacific Standard Time' },
  endTime: { dateTime: '2019-03-15T18:00:00', timeZone: 'Pacific Standard Time' },
  availabilityViewInterval: 60,
}

let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['oauth2', 'microsoft-graph'],
    data: {
      oauth2: {
        default: {
          clients: [{ clientId: 'app', clientSecret: 's3cret' }],
          refreshTokens: [{ token: 'r-ms', clientId: 'app', scope: 'Calendars.ReadWrite offline_access' }],
          accessTokens: [
            { token: 'at-good', clientId: 'app', scope: 'Calendars.ReadWrite' },
            { token: 'at-expired', clientId: 'app', scope: 'Calendars.ReadWrite', expired: true },
            { token: 'at-mail', clientId: 'app', scope: 'Mail.Read' },
          ],
        },
        throttled: { accessTokens: [{ token: 'at-good', scope: 'Calendars.Read' }] },
        'throttled-hard': { accessTokens: [{ token: 'at-good', scope: 'Calendars.Read' }] },
        booking: { accessTokens: [{ token: 'at-good', scope: 'Calendars.ReadWrite' }] },
      },
      'microsoft-graph': {
        default: GRAPH_DATA,
        booking: GRAPH_DATA,
        throttled: { ...GRAPH_DATA, throttle: [{ path: 'getSchedule', times: 2, retryAfter: 0 }] },
        'throttled-hard': { ...GRAPH_DATA, throttle: [{ path: 'getSchedule', times: 10, retryAfter: 0 }] },
      },
    },
  })
})
afterAll(() => server.close())

const token = (t: string) => () => Promise.resolve(t)

describe('microsoft-graph pack: getSchedule through @microsoft/microsoft-graph-client', () => {
  it('returns availabilityView digits, items in the Prefer time zone, and per-schedule errors inside the 200', async () => {
    const graph = graphClient({ baseUrl: server.url, token: token('at-good') })
    const res = await graph
      .api('/me/calendar/getSchedule')
      .header('Prefer', 'outlook.timezone="Pacific Standard Time"')
      .post(REQUEST)
    const [adele, megan, ghost, room] = res.value
    // 09–18 PST in 60-minute slots; 13:00 has busy + tentative → busy (2); 17:00 out of office (3).
    expect(adele.availabilityView).toBe('000220003')
    expect(adele.scheduleItems[0]).toEqual({
      isPrivate: false,
      status: 'busy',
      subject: "Let's go for lunch",
      location: "Harry's Bar",
      start: { dateTime: '2019-03-15T12:00:00.0000000', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2019-03-15T14:00:00.0000000', timeZone: 'Pacific Standard Time' },
    })
    // Private items keep their status, not their subject.
    expect(adele.scheduleItems[2]).toMatchObject({ isPrivate: true, status: 'oof' })
    expect(adele.scheduleItems[2].subject).toBeUndefined()
    // 19:00 in Berlin (CET, +1) is 11:00 in Los Angeles (PDT, -7: US DST began on 10 March 2019): the third slot.
    expect(megan.availabilityView).toBe('004000000')
    expect(ghost).toEqual({
      scheduleId: 'ghost@contoso.com',
      error: {
        message: 'Unable to resolve e-mail address ghost@contoso.com to an Active Directory object.',
        responseCode: '5009',
      },
    })
    expect(room.error.responseCode).toBe('ErrorMailboxUnavailable')
  })

  it('defaults to UTC and 30-minute slots, answers /users/{id} and rejects bad input with the Graph envelope', async () => {
    const graph = graphClient({ baseUrl: server.url, token: token('at-good') })
    const res = await graph.api('/users/adelev@contoso.com/calendar/getSchedule').post({
      schedules: ['adelev@contoso.com'],
      startTime: { dateTime: '2019-03-15T19:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2019-03-15T21:00:00', timeZone: 'UTC' },
    })
    expect(res.value[0].availabilityView).toBe('2222')
    expect(res.value[0].scheduleItems[0].start).toEqual({
      dateTime: '2019-03-15T19:00:00.0000000',
      timeZone: 'UTC',
    })

    const err = (await graph
      .api('/me/calendar/getSchedule')
      .post({ ...REQUEST, availabilityViewInterval: 2 })
      .catch((e: unknown) => e)) as GraphError
    expect(err).toBeInstanceOf(GraphError)
    expect(err).toMatchObject({ statusCode: 400, code: 'invalidRequest' })
    await expect(
      graph.api('/users/nobody@contoso.com/calendar/getSchedule').post(REQUEST),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ErrorInvalidUser',
    })
  })

  it('creates an event that then shows as busy', async () => {
    const graph = graphClient({ baseUrl: server.url, token: token('at-good'), scenario: 'booking' })
    const created = await graph.api('/me/events').post({
      subject: 'Booked',
      start: { dateTime: '2019-03-15T09:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2019-03-15T10:00:00', timeZone: 'Pacific Standard Time' },
    })
    expect(created).toMatchObject({
      subject: 'Booked',
      showAs: 'busy',
      start: { dateTime: '2019-03-15T16:00:00.0000000', timeZone: 'UTC' },
    })
    const res = await graph.api('/me/calendar/getSchedule').post(REQUEST)
    expect(res.value[0].availabilityView).toBe('200220003')
  })
})

describe('microsoft-graph pack: tokens and throttling', () => {
  it('answers 401 InvalidAuthenticationToken for an expired token; the app refreshes at the Microsoft token path and retries', async () => {
    let current = 'at-expired'
    const graph = graphClient({ baseUrl: server.url, token: () => Promise.resolve(current) })
    const err = (await graph
      .api('/me/calendar/getSchedule')
      .post(REQUEST)
      .catch((e: unknown) => e)) as GraphError
    expect(err).toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token has expired or is not yet valid.',
    })
    const refreshed = await fetch(`${server.url}/common/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'r-ms',
        client_id: 'app',
        client_secret: 's3cret',
      }),
    })
    current = ((await refreshed.json()) as { access_token: string }).access_token
    const res = await graph.api('/me/calendar/getSchedule').post(REQUEST)
    expect(res.value).toHaveLength(4)
    await expect(
      graphClient({ baseUrl: server.url, token: token('at-mail') })
        .api('/me/calendar/getSchedule')
        .post(REQUEST),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'ErrorAccessDenied',
    })
  })

  it("throttles with 429 + Retry-After; the SDK's RetryHandler waits and retries", async () => {
    const before = server.seen.length
    const graph = graphClient({ baseUrl: server.url, token: token('at-good'), scenario: 'throttled' })
    const res = await graph.api('/me/calendar/getSchedule').post(REQUEST)
    expect(res.value[0].availabilityView).toBe('000220003')
    expect(server.seen.slice(before).map((s) => s.split(' ').at(-1))).toEqual(['429', '429', '200'])
  })

  it('gives up after the retry budget and surfaces the throttling error with its Retry-After', async () => {
    const graph = graphClient({
      baseUrl: server.url,
      token: token('at-good'),
      scenario: 'throttled-hard',
      maxRetries: 1,
    })
    const err = (await graph
      .api('/me/calendar/getSchedule')
      .post(REQUEST)
      .catch((e: unknown) => e)) as GraphError
    expect(err).toMatchObject({
      statusCode: 429,
      code: 'activityLimitReached',
      message: 'The request has been throttled',
    })
    expect(err.headers?.get('retry-after')).toBe('0')
  })
})
