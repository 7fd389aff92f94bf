/**
 * What the guide's tests point the app at: the mock's base URL instead of each provider's, a scenario, and the
 * meetings to book. The same settings serve the in-process server of booking-app.test.ts and a
 * `pgtestbed mock serve --https` started apart (book-against-mock.ts): only the base URL differs.
 */
import { googleClient, graphClient, type MeetingRequest } from './booking-app.js'

/**
 * The app's clients for one scenario. Graph calls and token refreshes take a `/__scenario/<id>/` URL prefix (so
 * the refreshes the libraries make on their own land in the scenario too); the Google client resolves its paths
 * against the root URL, dropping any prefix, so it sends the `x-mock-scenario` header instead.
 */
export function apps(mockUrl: string, scenario: string) {
  const base = `${mockUrl}/__scenario/${scenario}`
  const oauth = { clientId: 'booking-app', clientSecret: 'booking-secret' }
  return {
    google: googleClient(
      `${mockUrl}/`,
      { ...oauth, tokenUrl: `${base}/token`, accessToken: 'google-access', refreshToken: 'google-refresh' },
      { 'x-mock-scenario': scenario },
    ),
    graph: graphClient(`${base}/`, {
      ...oauth,
      tokenUrl: `${base}/common/oauth2/v2.0/token`,
      accessToken: 'ms-access',
      refreshToken: 'ms-refresh',
    }),
  }
}

// 09:00–12:00 in Berlin (CET, UTC+1) on 20 March 2026.
export const window = { from: '2026-03-20T08:00:00Z', to: '2026-03-20T11:00:00Z', minutes: 30 }
export const googleMeeting: MeetingRequest = {
  subject: 'Kick-off',
  organizer: 'alice@example.com',
  attendees: ['bob@example.com'],
  ...window,
}
export const msMeeting: MeetingRequest = {
  subject: 'Kick-off',
  organizer: 'adele@contoso.com',
  attendees: ['megan@contoso.com'],
  ...window,
}
