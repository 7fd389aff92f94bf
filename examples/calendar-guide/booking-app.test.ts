/**
 * The test shown in docs/guide-calendar-app.md: a booking app against Google Calendar and Microsoft Graph,
 * served by the mock server's provider packs — happy path, an expired token, and a 429.
 */
import { fileURLToPath } from 'node:url'
import { type MockServer, startMockServer } from 'pgtestbed/mock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookWithGoogle, bookWithMicrosoft } from './booking-app.js'
import { apps as appsAt, googleMeeting, msMeeting, window } from './guide-settings.js'

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url))
let mock: MockServer

beforeAll(async () => {
  mock = await startMockServer({ dir: fixtures, packs: ['oauth2', 'google-calendar', 'microsoft-graph'] })
})
afterAll(() => mock.close())

/** The app's clients for a scenario, pointed at this file's mock server. */
const apps = (scenario: string) => appsAt(mock.url, scenario)

describe('booking app', () => {
  it('books the first slot everyone has free (Google: after the standup and Bob’s busy hour)', async () => {
    const { google } = apps('default')
    const booking = await bookWithGoogle(google, googleMeeting)
    expect(booking).toMatchObject({ start: '2026-03-20T09:30:00.000Z', end: '2026-03-20T10:00:00.000Z' })
    // The event is really there: freeBusy now shows it as busy.
    const { data } = await google.freebusy.query({
      requestBody: { timeMin: window.from, timeMax: window.to, items: [{ id: 'primary' }] },
    })
    expect(data.calendars?.['primary']?.busy).toContainEqual({
      start: '2026-03-20T09:30:00Z',
      end: '2026-03-20T10:00:00Z',
    })
  })

  it('books the first slot everyone has free (Microsoft: after Megan is back)', async () => {
    const { graph } = apps('default')
    const booking = await bookWithMicrosoft(graph, msMeeting)
    expect(booking).toMatchObject({ start: '2026-03-20T09:30:00.000Z', end: '2026-03-20T10:00:00.000Z' })
    expect(mock.journal.count({ method: 'POST', path: '/v1.0/me/events', scenario: 'default' })).toBe(1)
  })

  it('refreshes an expired token and books anyway', async () => {
    const { google, graph } = apps('expired-token')
    await bookWithGoogle(google, googleMeeting)
    await bookWithMicrosoft(graph, msMeeting)
    const statuses = (path: string | RegExp) =>
      mock.journal.entries({ path, scenario: 'expired-token' }).map((e) => e.status)
    expect(statuses('/calendar/v3/freeBusy')).toEqual([401, 200])
    expect(statuses('/token')).toEqual([200])
    expect(statuses('/v1.0/me/calendar/getSchedule')).toEqual([401, 200])
    expect(statuses('/common/oauth2/v2.0/token')).toEqual([200])
  })

  it('waits out a 429 and books anyway', async () => {
    const { google, graph } = apps('throttled')
    await bookWithGoogle(google, googleMeeting)
    await bookWithMicrosoft(graph, msMeeting)
    const statuses = (path: string) =>
      mock.journal.entries({ path, scenario: 'throttled' }).map((e) => e.status)
    expect(statuses('/calendar/v3/freeBusy')).toEqual([429, 200])
    expect(statuses('/v1.0/me/calendar/getSchedule')).toEqual([429, 200])
  })
})
