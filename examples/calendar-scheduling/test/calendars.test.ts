// Availability from the users' Google and Microsoft calendars, served by pgtestbed's mock server
// and its provider packs (mock-scenarios/packs/<pack>/<scenario>.yaml): time zones, a DST change,
// an expired access token and a 429. Each test puts its calls in one scenario through the URL.
import { type MockServer, startMockServer } from 'pgtestbed/mock'
import { afterAll, beforeAll } from 'vitest'
import { providerSettings } from '../src/settings.js'
import { type Client, expect, test } from './app.js'

let mock: MockServer
beforeAll(async () => {
  const dir = new URL('../mock-scenarios', import.meta.url).pathname
  mock = await startMockServer({ dir, packs: ['oauth2', 'google-calendar', 'microsoft-graph'] })
})
afterAll(() => mock.close())

/** OAUTH_STRATEGY=mock, every call (token refreshes too) in `scenario`. */
const inScenario = (scenario: string) =>
  providerSettings({ OAUTH_STRATEGY: 'mock', MOCK_CALENDAR_API_URL: `${mock.url}/__scenario/${scenario}` })

/** A host with one connected calendar; returns their availability query. */
async function host(
  api: Client,
  user: { name: string; timeZone: string },
  calendar: {
    provider: 'google' | 'microsoft'
    calendarId: string
    accessToken: string
    refreshToken: string
  },
) {
  // An address of its own: the fixtures' users (any tier) are in the database too.
  const { status, body } = await api.post('/users', { email: `${user.name}@hosts.test`, ...user })
  expect(status).toBe(201)
  expect((await api.post(`/users/${body['id']}/calendars`, calendar)).status).toBe(201)
  return async (from: string, to: string, minutes = 30) => {
    const res = await api.get(`/users/${body['id']}/availability?from=${from}&to=${to}&minutes=${minutes}`)
    return { ...res, free: res.body['free'] }
  }
}

const google = (calendarId: string, accessToken = 'google-access', refreshToken = 'google-refresh') =>
  ({ provider: 'google', calendarId, accessToken, refreshToken }) as const
const microsoft = (calendarId: string) =>
  ({ provider: 'microsoft', calendarId, accessToken: 'ms-access', refreshToken: 'ms-refresh' }) as const

/** Calls the mock answered in `scenario` on `path`, as their status codes in order. */
const statuses = (scenario: string, path: string | RegExp) =>
  mock.journal.entries({ scenario, path }).map((e) => e.status)

test('time zones: a New York host’s Google events, read in her calendar’s zone', async ({ api: start }) => {
  const api = await start(inScenario('time-zones'))
  const availability = await host(
    api,
    { name: 'carol', timeZone: 'America/New_York' },
    google('carol@example.com'),
  )
  // Working hours 09:00–17:00 New York = 13:00–21:00 UTC; the 10:00 standup = 14:00–15:00 UTC.
  const { free } = await availability('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')
  expect(free).toEqual([
    { start: '2026-03-20T13:00:00.000Z', end: '2026-03-20T14:00:00.000Z' },
    { start: '2026-03-20T15:00:00.000Z', end: '2026-03-20T21:00:00.000Z' },
  ])
})

test('time zones: a Tokyo host’s Microsoft schedule (Windows zone names; “free” items do not block)', async ({
  api: start,
}) => {
  const api = await start(inScenario('time-zones'))
  const availability = await host(api, { name: 'dan', timeZone: 'Asia/Tokyo' }, microsoft('dan@contoso.com'))
  // Monday 23 March, 09:00–17:00 Tokyo = 00:00–08:00 UTC; Planning 10:00–12:00 Tokyo = 01:00–03:00 UTC.
  const { free } = await availability('2026-03-22T12:00:00Z', '2026-03-23T12:00:00Z')
  expect(free).toEqual([
    { start: '2026-03-23T00:00:00.000Z', end: '2026-03-23T01:00:00.000Z' },
    { start: '2026-03-23T03:00:00.000Z', end: '2026-03-23T08:00:00.000Z' },
  ])
})

test('DST change: Berlin’s working day moves an hour in UTC across 29 March (Google)', async ({
  api: start,
}) => {
  const api = await start(inScenario('dst-change'))
  const availability = await host(
    api,
    { name: 'alice', timeZone: 'Europe/Berlin' },
    google('alice@example.com'),
  )
  const { free } = await availability('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z')
  expect(free).toEqual([
    // Friday, CET (UTC+1): 09:00–17:00 is 08:00–16:00 UTC, the standup 08:00–08:30.
    { start: '2026-03-27T08:30:00.000Z', end: '2026-03-27T16:00:00.000Z' },
    // Monday, CEST (UTC+2): 07:00–15:00 UTC, the standup 07:00–07:30. No weekend hours.
    { start: '2026-03-30T07:30:00.000Z', end: '2026-03-30T15:00:00.000Z' },
  ])
})

test('DST change: Los Angeles moves to daylight time on 8 March (Microsoft)', async ({ api: start }) => {
  const api = await start(inScenario('dst-change'))
  const availability = await host(
    api,
    { name: 'grace', timeZone: 'America/Los_Angeles' },
    microsoft('grace@contoso.com'),
  )
  const { free } = await availability('2026-03-06T08:00:00Z', '2026-03-10T12:00:00Z')
  expect(free).toEqual([
    // Friday, PST (UTC−8): 17:00–01:00 UTC, the review 17:00–18:00.
    { start: '2026-03-06T18:00:00.000Z', end: '2026-03-07T01:00:00.000Z' },
    // Monday, PDT (UTC−7): 16:00–00:00 UTC, the review 16:00–17:00.
    { start: '2026-03-09T17:00:00.000Z', end: '2026-03-10T00:00:00.000Z' },
  ])
})

test('an expired access token is refreshed once, saved, and the calls go through', async ({
  db,
  api: start,
}) => {
  const api = await start(inScenario('expired-token'))
  const alice = await host(api, { name: 'alice', timeZone: 'Europe/Berlin' }, google('alice@example.com'))
  const carol = await host(
    api,
    { name: 'carol', timeZone: 'America/New_York' },
    microsoft('carol@contoso.com'),
  )
  expect((await alice('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')).free).toEqual([
    { start: '2026-03-20T11:00:00.000Z', end: '2026-03-20T16:00:00.000Z' },
  ])
  expect((await carol('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')).free).toEqual([
    { start: '2026-03-20T17:00:00.000Z', end: '2026-03-20T21:00:00.000Z' },
  ])
  // What the providers saw: one 401, one refresh, then the call again — no refresh loop.
  expect(statuses('expired-token', '/calendar/v3/freeBusy')).toEqual([401, 200])
  expect(statuses('expired-token', '/token')).toEqual([200])
  expect(statuses('expired-token', '/v1.0/me/calendar/getSchedule')).toEqual([401, 200])
  expect(statuses('expired-token', '/common/oauth2/v2.0/token')).toEqual([200])
  // The new tokens are stored, so the next request does not refresh again.
  const { rows } = await db.query<{ access_token: string; fresh: boolean }>(
    `SELECT c.access_token, c.access_token_expires_at > now() AS fresh
     FROM calendar_integrations AS c JOIN users AS u ON u.id = c.user_id WHERE u.email LIKE '%@hosts.test'`,
  )
  expect(rows).toHaveLength(2)
  for (const row of rows)
    expect(row).toMatchObject({ fresh: true, access_token: expect.not.stringMatching(/-access$/) })
})

test('a revoked refresh token: 502 saying the user must connect the calendar again', async ({
  api: start,
}) => {
  const api = await start(inScenario('expired-token'))
  const availability = await host(
    api,
    { name: 'alice', timeZone: 'Europe/Berlin' },
    google('alice@example.com', 'google-access', 'google-revoked'),
  )
  const res = await availability('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')
  expect(res).toMatchObject({
    status: 502,
    body: { error: expect.stringContaining('connect the calendar again') },
  })
})

test('a 429 is waited out: Google’s without Retry-After, Graph’s Retry-After: 1', async ({ api: start }) => {
  const api = await start(inScenario('throttled'))
  const alice = await host(api, { name: 'alice', timeZone: 'Europe/Berlin' }, google('alice@example.com'))
  const carol = await host(
    api,
    { name: 'carol', timeZone: 'America/New_York' },
    microsoft('carol@contoso.com'),
  )
  expect((await alice('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')).status).toBe(200)
  expect((await carol('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')).status).toBe(200)
  expect(statuses('throttled', '/calendar/v3/freeBusy')).toEqual([429, 200])
  expect(statuses('throttled', '/v1.0/me/calendar/getSchedule')).toEqual([429, 200])
})
