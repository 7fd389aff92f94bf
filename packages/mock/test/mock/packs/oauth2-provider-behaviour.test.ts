/**
 * The oauth2 pack behaves like each provider, as `openid-client` (v6) sees it: discovery under a scenario
 * prefix, refresh-token reuse per provider (and strict rotation as an option), and each provider's error texts
 * per grant.
 */
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackServer, servePacks } from './helpers/serve-packs.js'

const REDIRECT = 'http://127.0.0.1:9/callback'
const insecure = { execute: [oidc.allowInsecureRequests] }
const CLIENT = { clientId: 'app', clientSecret: 's3cret', redirectUris: [REDIRECT] }
const REFRESH_TOKENS = [
  { token: 'r-1', clientId: 'app', scope: 'openid calendar' },
  { token: 'r-2', clientId: 'app', scope: 'openid calendar' },
  { token: 'r-expired', clientId: 'app', scope: 'openid calendar', expired: true },
]

let server: PackServer
beforeAll(async () => {
  server = await servePacks({
    packs: ['oauth2'],
    data: {
      oauth2: {
        default: { clients: [CLIENT], refreshTokens: REFRESH_TOKENS },
        // Only this scenario knows r-tenant: a token call that left the scenario would fail.
        isolated: {
          clients: [CLIENT],
          refreshTokens: [{ token: 'r-tenant', clientId: 'app', scope: 'openid' }],
        },
        strict: { clients: [CLIENT], refreshTokens: REFRESH_TOKENS, refreshTokenRotation: 'strict' },
      },
    },
  })
})
afterAll(() => server.close())

const google = (scenario = '', secret = 's3cret') =>
  oidc.discovery(new URL(`${server.url}${scenario}`), 'app', secret, undefined, insecure)
const microsoft = (scenario = '', secret = 's3cret') =>
  oidc.discovery(new URL(`${server.url}${scenario}/common/v2.0`), 'app', secret, undefined, insecure)

/** The error openid-client throws for a token-endpoint error response. */
async function refused(promise: Promise<unknown>): Promise<oidc.ResponseBodyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(oidc.ResponseBodyError)
  return err as oidc.ResponseBodyError
}

async function signIn(config: oidc.Configuration) {
  const state = oidc.randomState()
  const res = await fetch(
    oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid calendar', state }),
    {
      redirect: 'manual',
    },
  )
  expect(res.status).toBe(302)
  return oidc.authorizationCodeGrant(config, new URL(res.headers.get('location')!), { expectedState: state })
}

describe('oauth2 pack: discovery under /__scenario/<id>', () => {
  it('names the prefixed URL as issuer and endpoints, so discovery passes and token calls stay in the scenario', async () => {
    const prefix = `${server.url}/__scenario/isolated`
    const config = await google('/__scenario/isolated')
    expect(config.serverMetadata()).toMatchObject({
      issuer: prefix,
      token_endpoint: `${prefix}/token`,
      authorization_endpoint: `${prefix}/authorize`,
      jwks_uri: `${prefix}/jwks`,
    })
    const refreshed = await oidc.refreshTokenGrant(config, 'r-tenant')
    // The ID token's issuer is the prefixed one too (openid-client checks it against the discovered issuer).
    expect(refreshed.claims()?.iss).toBe(prefix)
    // The same token outside the scenario is unknown.
    expect((await refused(oidc.refreshTokenGrant(await google(), 'r-tenant'))).error).toBe('invalid_grant')

    const tenant = await microsoft('/__scenario/isolated')
    expect(tenant.serverMetadata()).toMatchObject({
      issuer: `${prefix}/common/v2.0`,
      token_endpoint: `${prefix}/common/oauth2/v2.0/token`,
    })
    const viaTenant = await oidc.refreshTokenGrant(tenant, 'r-tenant')
    expect(viaTenant.claims()?.iss).toBe(`${prefix}/common/v2.0`)
  })

  it('signs in with the code flow under the prefix (authorize, token, ID token checks)', async () => {
    const tokens = await signIn(await google('/__scenario/isolated'))
    expect(tokens.claims()?.iss).toBe(`${server.url}/__scenario/isolated`)
  })
})

describe('oauth2 pack: refresh tokens per provider', () => {
  it('Google keeps the refresh token: none comes back, and the same one works again', async () => {
    const config = await google()
    const first = await oidc.refreshTokenGrant(config, 'r-1')
    expect(first.refresh_token).toBeUndefined()
    const second = await oidc.refreshTokenGrant(config, 'r-1')
    expect(second.access_token).not.toBe(first.access_token)
  })

  it('Microsoft sends a new refresh token but does not revoke the old one on use', async () => {
    const config = await microsoft()
    const first = await oidc.refreshTokenGrant(config, 'r-2')
    expect(first.refresh_token).toBeDefined()
    expect(first.refresh_token).not.toBe('r-2')
    const reused = await oidc.refreshTokenGrant(config, 'r-2')
    expect(reused.access_token).toBeDefined()
    expect((await oidc.refreshTokenGrant(config, first.refresh_token!)).access_token).toBeDefined()
  })

  it('strict rotation (scenario option) revokes the old token: reuse → 400 invalid_grant on both paths', async () => {
    const ms = await microsoft('/__scenario/strict')
    const next = await oidc.refreshTokenGrant(ms, 'r-1')
    expect(next.refresh_token).toBeDefined()
    const msErr = await refused(oidc.refreshTokenGrant(ms, 'r-1'))
    expect(msErr).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(msErr.error_description).toMatch(/^AADSTS50173: /)
    expect(msErr.cause).toMatchObject({ error_codes: [50173] })
    expect((await oidc.refreshTokenGrant(ms, next.refresh_token!)).refresh_token).toBeDefined()

    const g = await google('/__scenario/strict')
    const rotated = await oidc.refreshTokenGrant(g, 'r-2')
    expect(rotated.refresh_token).toBeDefined()
    expect(await refused(oidc.refreshTokenGrant(g, 'r-2'))).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    })
  })
})

describe('oauth2 pack: error texts per grant', () => {
  it('Google: refresh-token failures read "Token has been expired or revoked.", a bad code "Malformed auth code."', async () => {
    const config = await google()
    const table = [
      [
        () => oidc.refreshTokenGrant(config, 'never-issued'),
        'invalid_grant',
        'Token has been expired or revoked.',
      ],
      [
        () => oidc.refreshTokenGrant(config, 'r-expired'),
        'invalid_grant',
        'Token has been expired or revoked.',
      ],
      [
        () => oidc.authorizationCodeGrant(config, new URL(`${REDIRECT}?code=bogus`)),
        'invalid_grant',
        'Malformed auth code.',
      ],
    ] as const
    for (const [call, error, description] of table) {
      expect(await refused(call())).toMatchObject({ status: 400, error, error_description: description })
    }
    const badSecret = await refused(oidc.refreshTokenGrant(await google('', 'wrong'), 'r-1'))
    expect(badSecret).toMatchObject({ status: 401, error: 'invalid_client' })
  })

  it('Microsoft: the fitting AADSTS code in error_description, and error_codes as Microsoft sends them', async () => {
    const config = await microsoft()
    const table = [
      [() => oidc.refreshTokenGrant(config, 'never-issued'), 400, 'invalid_grant', 9002313],
      [() => oidc.refreshTokenGrant(config, 'r-expired'), 400, 'invalid_grant', 700082],
      [
        () => oidc.authorizationCodeGrant(config, new URL(`${REDIRECT}?code=bogus`)),
        400,
        'invalid_grant',
        70000,
      ],
      [
        async () => oidc.refreshTokenGrant(await microsoft('', 'wrong'), 'r-1'),
        401,
        'invalid_client',
        7000215,
      ],
    ] as const
    for (const [call, status, error, code] of table) {
      const err = await refused(call())
      expect(err).toMatchObject({ status, error })
      expect(err.error_description).toMatch(
        new RegExp(`^AADSTS${code}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: `),
      )
      expect(err.cause).toMatchObject({
        error_codes: [code],
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
        trace_id: expect.any(String),
        correlation_id: expect.any(String),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      })
    }
  })
})
