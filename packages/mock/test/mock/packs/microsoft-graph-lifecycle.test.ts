/**
 * What a scheduling app calls, end to end, through the official `@microsoft/microsoft-graph-client`: the signed-in
 * user always exists, and an event written through one call shows in `/me/events/{id}`, calendarView and
 * getSchedule.
 */
import { GraphError } from '@microsoft/microsoft-graph-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphClient } from './helpers/graph-client.js'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['oauth2', 'microsoft-graph'],
    data: {
      // No microsoft-graph data for these scenarios: /me is an empty mailbox.
      oauth2: {
        default: {
          accessTokens: [
            { token: 'at-good', scope: 'User.Read Calendars.ReadWrite' },
            { token: 'at-calendar-only', scope: 'Calendars.ReadWrite' },
          ],
        },
        paging: { accessTokens: [{ token: 'at-good', scope: 'Calendars.ReadWrite' }] },
      },
    },
  })
})
afterAll(() => server.close())

const token = (t: string) => () => Promise.resolve(t)
const WINDOW = { startDateTime: '2026-05-04T00:00:00Z', endDateTime: '2026-05-05T00:00:00Z' }
const SCHEDULE = {
  schedules: ['me@example.com'],
  startTime: { dateTime: '2026-05-04T08:00:00', timeZone: 'UTC' },
  endTime: { dateTime: '2026-05-04T12:00:00', timeZone: 'UTC' },
  availabilityViewInterval: 60,
}

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(GraphError)
  return err as GraphError
}

describe('microsoft-graph pack: the signed-in user always exists', () => {
  it('answers /me, /me/calendar, an empty calendarView and a free schedule without any graph data', async () => {
    const graph = graphClient({ baseUrl: server.url, token: token('at-good') })
    const me = await graph.api('/me').get()
    expect(me).toMatchObject({ userPrincipalName: 'me@example.com', mail: 'me@example.com' })
    expect(me.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(await graph.api('/me').get()).toEqual(me)
    const calendar = await graph.api('/me/calendar').get()
    expect(calendar).toMatchObject({ name: 'Calendar', isDefaultCalendar: true, canEdit: true })
    expect((await graph.api('/me/calendarView').query(WINDOW).get()).value).toEqual([])
    const schedule = await graph.api('/me/calendar/getSchedule').post(SCHEDULE)
    expect(schedule.value[0]).toMatchObject({ scheduleId: 'me@example.com', availabilityView: '0000' })
  })

  it('refuses /me to a token without a User scope (403), and a missing calendarView window (400)', async () => {
    const graph = graphClient({ baseUrl: server.url, token: token('at-calendar-only') })
    expect(await graphErrorOf(graph.api('/me').get())).toMatchObject({
      statusCode: 403,
      code: 'ErrorAccessDenied',
    })
    expect(await graphErrorOf(graph.api('/me/calendarView').get())).toMatchObject({
      statusCode: 400,
      code: 'ErrorInvalidParameters',
    })
  })
})

describe('microsoft-graph pack: one state behind every call', () => {
  it('create → get → patch → calendarView / getSchedule → delete (204) → 404', async () => {
    const graph = graphClient({ baseUrl: server.url, token: token('at-good') })
    const created = await graph.api('/me/events').post({
      subject: 'Interview',
      body: { contentType: 'text', content: 'Room 4' },
      start: { dateTime: '2026-05-04T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-05-04T10:00:00', timeZone: 'UTC' },
    })
    const got = await graph.api(`/me/events/${created.id}`).get()
    expect(got).toMatchObject({
      id: created.id,
      subject: 'Interview',
      bodyPreview: 'Room 4',
      showAs: 'busy',
      isCancelled: false,
      start: { dateTime: '2026-05-04T09:00:00.0000000', timeZone: 'UTC' },
    })
    // The Prefer header picks the zone of the answer, as on Graph.
    const berlin = await graph
      .api(`/me/events/${created.id}`)
      .header('Prefer', 'outlook.timezone="W. Europe Standard Time"')
      .get()
    expect(berlin.start).toEqual({
      dateTime: '2026-05-04T11:00:00.0000000',
      timeZone: 'W. Europe Standard Time',
    })
    expect((await graph.api('/me/calendar/getSchedule').post(SCHEDULE)).value[0].availabilityView).toBe(
      '0200',
    )

    const patched = await graph.api(`/me/events/${created.id}`).patch({
      subject: 'Interview (moved)',
      showAs: 'tentative',
      start: { dateTime: '2026-05-04T11:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-05-04T12:00:00', timeZone: 'UTC' },
    })
    expect(patched).toMatchObject({
      id: created.id,
      subject: 'Interview (moved)',
      showAs: 'tentative',
      bodyPreview: 'Room 4',
    })
    expect(patched.changeKey).not.toBe(got.changeKey)
    const view = await graph.api('/me/calendarView').query(WINDOW).get()
    expect(view.value.map((e: { id: string; subject: string }) => [e.id, e.subject])).toEqual([
      [created.id, 'Interview (moved)'],
    ])
    expect((await graph.api('/me/calendar/getSchedule').post(SCHEDULE)).value[0].availabilityView).toBe(
      '0001',
    )

    const before = server.seen.length
    await graph.api(`/me/events/${created.id}`).delete()
    expect(server.seen.slice(before)).toEqual([`DELETE /v1.0/me/events/${created.id} 204`])
    const gone = await graphErrorOf(graph.api(`/me/events/${created.id}`).get())
    expect(gone).toMatchObject({
      statusCode: 404,
      code: 'ErrorItemNotFound',
      message: 'The specified object was not found in the store.',
    })
    // The SDK reads code and message out of Graph's { error: { code, message, innerError } } envelope.
    expect(JSON.parse(gone.body as string)).toMatchObject({
      code: 'ErrorItemNotFound',
      innerError: { 'request-id': expect.any(String), date: expect.any(String) },
    })
    expect(
      (await graphErrorOf(graph.api(`/me/events/${created.id}`).patch({ subject: 'x' }))).statusCode,
    ).toBe(404)
    expect((await graph.api('/me/calendarView').query(WINDOW).get()).value).toEqual([])
    expect((await graph.api('/me/calendar/getSchedule').post(SCHEDULE)).value[0].availabilityView).toBe(
      '0000',
    )
  })

  it('pages calendarView by $top with @odata.nextLink that stays under the scenario prefix', async () => {
    // The scenario is picked by path prefix here (no header): the next links must keep it.
    const graph = graphClient({
      baseUrl: `${server.url}/__scenario/paging`,
      token: token('at-good'),
      scenario: '',
    })
    for (const hour of ['09', '10', '11', '12', '13']) {
      await graph.api('/me/events').post({
        subject: `Slot ${hour}`,
        start: { dateTime: `2026-05-04T${hour}:00:00`, timeZone: 'UTC' },
        end: { dateTime: `2026-05-04T${hour}:30:00`, timeZone: 'UTC' },
      })
    }
    const first = await graph.api('/me/calendarView').query(WINDOW).top(2).get()
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${server.url}/__scenario/paging/v1\\.0/me/calendarView\\?`),
    )
    // The SDK follows absolute links only when they start with https:// (GraphRequest.parsePath): over plain http
    // the app (and this test) passes the link's path after the version, under the same client base URL.
    const base = `${server.url}/__scenario/paging`
    const subjects: string[] = first.value.map((e: { subject: string }) => e.subject)
    let next: string | undefined = first['@odata.nextLink']
    while (next !== undefined) {
      expect(next.startsWith(`${base}/v1.0/`)).toBe(true)
      const page = await graph.api(next.slice(`${base}/v1.0`.length)).get()
      subjects.push(...page.value.map((e: { subject: string }) => e.subject))
      next = page['@odata.nextLink']
    }
    expect(subjects).toEqual(['Slot 09', 'Slot 10', 'Slot 11', 'Slot 12', 'Slot 13'])
  })
})
