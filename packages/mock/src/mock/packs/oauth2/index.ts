/**
 * The `oauth2` pack: an OAuth 2.0 / OpenID Connect provider with per-scenario token lifecycle.
 *
 * Paths (one server answers both flavours):
 * - Google style: `POST /token`, `GET /authorize` (also `/o/oauth2/v2/auth`), `GET /jwks` (also
 *   `/oauth2/v3/certs`), `POST /revoke`, `POST /introspect`, `GET /userinfo`, `GET /.well-known/openid-configuration`
 *   (issuer = the server's base URL).
 * - Microsoft style: `POST /:tenant/oauth2/v2.0/token`, `GET /:tenant/oauth2/v2.0/authorize`,
 *   `GET /:tenant/discovery/v2.0/keys`, `GET /:tenant/v2.0/.well-known/openid-configuration` (issuer
 *   `<base>/<tenant>/v2.0`); errors carry `AADSTS…` codes.
 * - Test controls under `/__oauth2/` (see `handleTestControl`).
 * @module
 */
import type { MockPack, MockRequest, MockResponse, PackContext } from '../../pack.js'
import { matchPath } from '../shared/request-helpers.js'
import { forgetServerTokens } from '../shared/token-registry.js'
import { handleAuthorize } from './authorize-endpoint.js'
import { scenarioState } from './oauth2-data.js'
import { createSigningKey, type SigningKey } from './signing-key.js'
import { handleTokenRequest } from './token-endpoint.js'
import { handleIntrospect, handleRevoke, handleTestControl, handleUserinfo } from './token-introspection.js'

function discovery(issuer: string, endpoints: Record<string, string>): MockResponse {
  return {
    status: 200,
    body: {
      issuer,
      ...endpoints,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256', 'plain'],
      scopes_supported: ['openid', 'email', 'profile', 'offline_access'],
    },
  }
}

/**
 * Creates the pack (one signing key per pack instance, made on first use).
 *
 * @example
 * const mock = await startMockServer({ packs: ['oauth2'] })
 * // openid-client: await discovery(new URL(mock.url), 'test-client', 'test-secret', undefined, { execute: [allowInsecureRequests] })
 */
export function createOauth2Pack(): MockPack {
  let key: SigningKey | undefined
  let boundTo: string | undefined
  const getKey = () => {
    key ??= createSigningKey()
    return key
  }
  const jwks = (): MockResponse => ({
    status: 200,
    headers: { 'cache-control': 'public, max-age=3600' },
    body: { keys: [getKey().publicJwk] },
  })

  function handle(req: MockRequest, ctx: PackContext): MockResponse | undefined {
    const { path, method } = req
    // A new server may reuse a closed one's port: forget that server's tokens when this pack first sees it.
    if (boundTo !== ctx.baseUrl) {
      boundTo = ctx.baseUrl
      forgetServerTokens(ctx.baseUrl)
    }
    // Issuer and endpoints are the URL the request came in under (with its /__scenario/<id> prefix), so a
    // client's issuer check passes and its later token calls stay in the same scenario.
    const base = ctx.requestBaseUrl ?? ctx.baseUrl
    // Seed and publish this scenario's tokens on every request the pack sees, so the API packs after it in the
    // list know the tokens declared in the scenario data before any token call was made.
    scenarioState(ctx)
    if (path.startsWith('/__oauth2/')) return handleTestControl(req, ctx)
    if (method === 'POST' && path === '/token') {
      return handleTokenRequest(req, ctx, { flavour: 'google', issuer: base, key: getKey })
    }
    if (method === 'GET' && (path === '/authorize' || path === '/o/oauth2/v2/auth'))
      return handleAuthorize(req, ctx)
    if (method === 'GET' && (path === '/jwks' || path === '/oauth2/v3/certs')) return jwks()
    if (method === 'POST' && path === '/revoke') return handleRevoke(req, ctx)
    if (method === 'POST' && path === '/introspect') return handleIntrospect(req, ctx)
    if (method === 'GET' && path === '/userinfo') return handleUserinfo(req, ctx)
    if (method === 'GET' && path === '/.well-known/openid-configuration') {
      return discovery(base, {
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        userinfo_endpoint: `${base}/userinfo`,
        introspection_endpoint: `${base}/introspect`,
        revocation_endpoint: `${base}/revoke`,
      })
    }
    const ms = matchPath('/:tenant/oauth2/v2.0/:endpoint', path)
    if (ms !== undefined) {
      const issuer = `${base}/${ms['tenant']}/v2.0`
      if (method === 'POST' && ms['endpoint'] === 'token') {
        return handleTokenRequest(req, ctx, {
          flavour: 'microsoft',
          tenant: ms['tenant']!,
          issuer,
          key: getKey,
        })
      }
      if (method === 'GET' && ms['endpoint'] === 'authorize') return handleAuthorize(req, ctx)
      return undefined
    }
    if (method === 'GET' && matchPath('/:tenant/discovery/v2.0/keys', path) !== undefined) return jwks()
    const msDiscovery = matchPath('/:tenant/v2.0/.well-known/openid-configuration', path)
    if (method === 'GET' && msDiscovery !== undefined) {
      const t = `${base}/${encodeURIComponent(msDiscovery['tenant']!)}`
      return discovery(`${t}/v2.0`, {
        authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
        token_endpoint: `${t}/oauth2/v2.0/token`,
        jwks_uri: `${t}/discovery/v2.0/keys`,
        userinfo_endpoint: `${base}/userinfo`,
      })
    }
    return undefined
  }
  return { name: 'oauth2', handle }
}
