import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

// The calendar packs check bearer tokens against what the oauth2 pack issued; that works
// whatever order the packs are listed in, because the token issuer is always tried first.
let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['google-calendar', 'oauth2'],
    data: {
      oauth2: {
        default: {
          clients: [{ clientId: 'app', clientSecret: 's3cret' }],
          accessTokens: [
            { token: 'at-good', clientId: 'app', scope: 'https://www.googleapis.com/auth/calendar' },
          ],
        },
      },
    },
  })
})
afterAll(() => server.close())

describe('pack order', () => {
  it('rejects a token the oauth2 pack never issued even when oauth2 is listed last', async () => {
    const freeBusy = (token: string): Promise<Response> =>
      fetch(`${server.url}/calendar/v3/freeBusy`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          timeMin: '2026-03-20T00:00:00Z',
          timeMax: '2026-03-21T00:00:00Z',
          items: [{ id: 'primary' }],
        }),
      })
    expect((await freeBusy('never-issued')).status).toBe(401)
    expect((await freeBusy('at-good')).status).toBe(200)
  })
})
