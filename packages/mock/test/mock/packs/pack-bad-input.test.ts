import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['oauth2', 'google-calendar', 'microsoft-graph'],
    data: {
      // The oauth2 pack is the token authority here; the API packs vouch for this test's token themselves.
      'google-calendar': { default: { tokens: { any: 'valid' }, calendars: { 'a@example.com': {} } } },
      'microsoft-graph': { default: { tokens: { any: 'valid' }, users: { 'a@contoso.com': {} } } },
    },
  })
})
afterAll(() => server.close())

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: 'Bearer any', 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body } : {}),
  })
  return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown }
}

type GoogleBody = { error: { errors: Record<string, unknown>[] } }
type GraphBody = { error: { code: string; message: string } }
const googleItem = (res: { body: unknown }) => (res.body as GoogleBody).error.errors[0]
const graphError = (res: { body: unknown }) => (res.body as GraphBody).error
const oauthBody = (res: { body: unknown }) => res.body as Record<string, unknown>

describe('packs refuse bad requests the way the providers do', () => {
  it('google-calendar: missing and invalid parameters, unknown time zones, bad page tokens', async () => {
    const badTime = await call(
      'POST',
      '/calendar/v3/freeBusy',
      '{"timeMin":"2026-03-20","timeMax":"2026-03-21T00:00:00Z"}',
    )
    expect(googleItem(badTime)).toMatchObject({ reason: 'invalid', location: 'timeMin' })
    const zone = await call(
      'POST',
      '/calendar/v3/freeBusy',
      '{"timeMin":"2026-03-20T00:00:00Z","timeMax":"2026-03-21T00:00:00Z","timeZone":"Mars/Base"}',
    )
    expect(googleItem(zone)).toMatchObject({ reason: 'invalid', location: 'timeZone' })
    const page = await call('GET', '/calendar/v3/calendars/primary/events?pageToken=nope')
    expect(page).toMatchObject({ status: 400, body: { error: { errors: [{ location: 'pageToken' }] } } })
    const order = await call('GET', '/calendar/v3/calendars/primary/events?orderBy=startTime')
    expect(order.status).toBe(400)
    const insert = await call('POST', '/calendar/v3/calendars/primary/events', '{"summary":"no times"}')
    expect(googleItem(insert)).toMatchObject({ reason: 'required', location: 'start' })
    const backwards = await call(
      'POST',
      '/calendar/v3/calendars/primary/events',
      '{"start":{"dateTime":"2026-03-20T10:00:00Z"},"end":{"dateTime":"2026-03-20T09:00:00Z"}}',
    )
    expect(googleItem(backwards)?.['reason']).toBe('timeRangeEmpty')
    expect(
      (await call('GET', '/calendar/v3/calendars/primary/events', undefined, { authorization: '' })).status,
    ).toBe(401)
  })

  it('microsoft-graph: empty schedules, reversed window, bad Prefer zone, the null-interval 500', async () => {
    const window =
      '"startTime":{"dateTime":"2026-03-20T09:00:00","timeZone":"UTC"},"endTime":{"dateTime":"2026-03-20T10:00:00","timeZone":"UTC"}'
    expect(
      graphError(await call('POST', '/v1.0/me/calendar/getSchedule', `{"schedules":[],${window}}`)).code,
    ).toBe('invalidRequest')
    const reversed = await call(
      'POST',
      '/v1.0/me/calendar/getSchedule',
      '{"schedules":["a@contoso.com"],"startTime":{"dateTime":"2026-03-20T10:00:00","timeZone":"UTC"},"endTime":{"dateTime":"2026-03-20T09:00:00","timeZone":"UTC"}}',
    )
    expect(graphError(reversed).message).toContain("'endTime' must be later")
    const zone = await call(
      'POST',
      '/v1.0/me/calendar/getSchedule',
      `{"schedules":["a@contoso.com"],${window}}`,
      { prefer: 'outlook.timezone="Mars Standard Time"' },
    )
    expect(zone.status).toBe(400)
    const bug = await call(
      'POST',
      '/v1.0/me/calendar/getSchedule',
      `{"schedules":["a@contoso.com"],${window},"availabilityViewInterval":null}`,
    )
    expect(bug).toMatchObject({ status: 500, body: { error: { code: 'generalException' } } })
    const noTime = await call(
      'POST',
      '/v1.0/me/events',
      '{"subject":"x","start":{"dateTime":"2026-03-20T09:00:00","timeZone":"Nowhere"}}',
    )
    expect(graphError(noTime).message).toContain("'start' property")
  })

  it('oauth2: missing grant_type and code, bad code_challenge_method, revoke with an unknown hint', async () => {
    const form = (body: string) =>
      call('POST', '/token', body, { 'content-type': 'application/x-www-form-urlencoded' })
    expect(oauthBody(await form('client_id=test-client&client_secret=test-secret'))).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: grant_type',
    })
    expect(
      oauthBody(await form('grant_type=authorization_code&client_id=test-client&client_secret=test-secret'))
        .error,
    ).toBe('invalid_request')
    expect(oauthBody(await form('grant_type=refresh_token&refresh_token=x'))).toMatchObject({
      error: 'invalid_request',
    })
    const auth = await fetch(
      `${server.url}/authorize?client_id=test-client&redirect_uri=http://127.0.0.1:9/cb&response_type=code&code_challenge=x&code_challenge_method=S512&state=s`,
      { redirect: 'manual' },
    )
    expect(new URL(auth.headers.get('location')!).searchParams.get('error')).toBe('invalid_request')
    const revoke = await call('POST', '/revoke', 'token=x&token_type_hint=id_token', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(revoke).toMatchObject({ status: 400, body: { error: 'unsupported_token_type' } })
  })
})
