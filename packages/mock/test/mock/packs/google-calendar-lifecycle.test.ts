/**
 * What a scheduling app calls, end to end, through the official `@googleapis/calendar` client: `primary` exists
 * in a scenario without calendar data, and events written through one call show in all the others.
 */
import { calendar as googleCalendar } from '@googleapis/calendar'
import { OAuth2Client } from 'google-auth-library'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

const SCOPE = 'https://www.googleapis.com/auth/calendar'
let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['oauth2', 'google-calendar'],
    data: {
      // No google-calendar data at all: the pack must still know `primary`.
      oauth2: {
        default: { accessTokens: [{ token: 'at-good', scope: SCOPE }] },
        named: { accessTokens: [{ token: 'at-good', scope: SCOPE }] },
      },
      'google-calendar': { named: { primary: 'carol@example.com' } },
    },
  })
})
afterAll(() => server.close())

function client(scenario = 'default') {
  const auth = new OAuth2Client()
  auth.setCredentials({ access_token: 'at-good' })
  return googleCalendar({
    version: 'v3',
    rootUrl: `${server.url}/`,
    auth,
    headers: { 'x-mock-scenario': scenario },
  })
}

/** What a GaxiosError carries for a Google error envelope. */
function googleError(status: number, reason: string) {
  return {
    status,
    response: { data: { error: { code: status, errors: [expect.objectContaining({ reason })] } } },
  }
}

const DAY = { timeMin: '2026-05-04T00:00:00Z', timeMax: '2026-05-05T00:00:00Z' }

describe('google-calendar pack: primary always exists', () => {
  it('answers freeBusy, events.list and calendarList for primary in a scenario without calendar data', async () => {
    const api = client()
    const fb = await api.freebusy.query({ requestBody: { ...DAY, items: [{ id: 'primary' }] } })
    expect(fb.data.calendars).toEqual({ primary: { busy: [] } })
    const list = await api.events.list({ calendarId: 'primary' })
    expect(list.data.items).toEqual([])
    const calendars = await api.calendarList.list()
    expect(calendars.data.items?.map((c) => [c.id, c.primary])).toEqual([['me@example.com', true]])
    const entry = await api.calendarList.get({ calendarId: 'primary' })
    expect(entry.data).toMatchObject({ id: 'me@example.com', primary: true, accessRole: 'owner' })
  })

  it('creates the calendar `primary` names when the data lists no calendars', async () => {
    const api = client('named')
    const fb = await api.freebusy.query({
      requestBody: { ...DAY, items: [{ id: 'primary' }, { id: 'carol@example.com' }] },
    })
    expect(fb.data.calendars).toEqual({ primary: { busy: [] }, 'carol@example.com': { busy: [] } })
    const calendars = await api.calendarList.list()
    expect(calendars.data.items?.map((c) => [c.id, c.primary])).toEqual([['carol@example.com', true]])
  })
})

describe('google-calendar pack: one state behind every call', () => {
  it('insert → get → patch → list / freeBusy → delete (204) → get cancelled; unknown ids 404', async () => {
    const api = client()
    const inserted = await api.events.insert({
      calendarId: 'primary',
      requestBody: {
        summary: 'Interview',
        description: 'Room 4',
        start: { dateTime: '2026-05-04T09:00:00Z' },
        end: { dateTime: '2026-05-04T10:00:00Z' },
      },
    })
    const id = inserted.data.id!
    const got = await api.events.get({ calendarId: 'primary', eventId: id })
    expect(got.data).toMatchObject({ id, summary: 'Interview', description: 'Room 4', status: 'confirmed' })
    let fb = await api.freebusy.query({ requestBody: { ...DAY, items: [{ id: 'primary' }] } })
    expect(fb.data.calendars?.['primary']?.busy).toEqual([
      { start: '2026-05-04T09:00:00Z', end: '2026-05-04T10:00:00Z' },
    ])

    // Patch moves the event and renames it; untouched fields stay.
    const patched = await api.events.patch({
      calendarId: 'primary',
      eventId: id,
      requestBody: {
        summary: 'Interview (moved)',
        start: { dateTime: '2026-05-04T14:00:00+02:00' },
        end: { dateTime: '2026-05-04T15:30:00+02:00' },
      },
    })
    expect(patched.status).toBe(200)
    expect(patched.data).toMatchObject({ id, summary: 'Interview (moved)', description: 'Room 4' })
    expect(patched.data.etag).not.toBe(got.data.etag)
    fb = await api.freebusy.query({ requestBody: { ...DAY, items: [{ id: 'primary' }] } })
    expect(fb.data.calendars?.['primary']?.busy).toEqual([
      { start: '2026-05-04T12:00:00Z', end: '2026-05-04T13:30:00Z' },
    ])
    const listed = await api.events.list({ calendarId: 'me@example.com', ...DAY })
    expect(listed.data.items?.map((e) => [e.id, e.summary])).toEqual([[id, 'Interview (moved)']])
    await expect(
      api.events.patch({
        calendarId: 'primary',
        eventId: id,
        requestBody: { end: { dateTime: '2026-05-04T11:00:00Z' } },
      }),
    ).rejects.toMatchObject(googleError(400, 'timeRangeEmpty'))

    const deleted = await api.events.delete({ calendarId: 'primary', eventId: id })
    expect(deleted.status).toBe(204)
    expect((await api.events.get({ calendarId: 'primary', eventId: id })).data).toMatchObject({
      id,
      status: 'cancelled',
    })
    fb = await api.freebusy.query({ requestBody: { ...DAY, items: [{ id: 'primary' }] } })
    expect(fb.data.calendars?.['primary']?.busy).toEqual([])
    expect((await api.events.list({ calendarId: 'primary', ...DAY })).data.items).toEqual([])
    await expect(api.events.delete({ calendarId: 'primary', eventId: id })).rejects.toMatchObject(
      googleError(410, 'deleted'),
    )

    await expect(api.events.get({ calendarId: 'primary', eventId: 'nope' })).rejects.toMatchObject({
      status: 404,
      response: {
        data: {
          error: {
            code: 404,
            message: 'Not Found',
            errors: [{ domain: 'global', reason: 'notFound', message: 'Not Found' }],
          },
        },
      },
    })
    await expect(
      api.events.patch({ calendarId: 'primary', eventId: 'nope', requestBody: { summary: 'x' } }),
    ).rejects.toMatchObject(googleError(404, 'notFound'))
    await expect(api.events.delete({ calendarId: 'primary', eventId: 'nope' })).rejects.toMatchObject(
      googleError(404, 'notFound'),
    )
  })
})
