// OAUTH_STRATEGY=real: the same API against Google Calendar and Microsoft Graph themselves, with the
// team's test accounts (the weekly integration run). Without the secrets it is skipped, saying
// which are missing; everywhere else the mock packs stand in (calendars.test.ts).
import { missingSecrets, oauthStrategy, providerSettings } from '../src/settings.js'
import { expect, test } from './app.js'

test('real calendars: availability through Google and Microsoft with the test accounts', async ({
  api: start,
  skip,
}) => {
  skip(oauthStrategy(process.env) !== 'real', 'OAUTH_STRATEGY is not "real": the mock packs stand in')
  const missing = missingSecrets(process.env)
  skip(missing.length > 0, `OAUTH_STRATEGY=real, but these secrets are not set: ${missing.join(', ')}`)
  const api = await start(providerSettings(process.env))
  const { body: host } = await api.post('/users', { email: 'real@hosts.test', name: 'Real', timeZone: 'UTC' })
  const connect = (provider: string, calendarId: string, refreshToken: string) =>
    api.post(`/users/${host['id']}/calendars`, { provider, calendarId, refreshToken })
  expect((await connect('google', 'primary', process.env['GOOGLE_TEST_REFRESH_TOKEN']!)).status).toBe(201)
  const mailbox = process.env['MICROSOFT_TEST_MAILBOX']!
  expect((await connect('microsoft', mailbox, process.env['MICROSOFT_TEST_REFRESH_TOKEN']!)).status).toBe(201)
  const from = new Date()
  const to = new Date(from.getTime() + 7 * 86_400_000)
  const res = await api.get(
    `/users/${host['id']}/availability?from=${from.toISOString()}&to=${to.toISOString()}`,
  )
  // Both providers answered (a refused token or an unknown calendar is a 502 naming the provider).
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  expect(Array.isArray(res.body['free'])).toBe(true)
})
