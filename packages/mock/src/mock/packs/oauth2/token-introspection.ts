/**
 * Introspection (RFC 7662), revocation (RFC 7009), userinfo, and the test-only controls under `/__oauth2/`
 * (move the scenario clock, expire a token, issue tokens directly, list tokens).
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, bearerToken, formParams, randomId } from '../shared/request-helpers.js'
import type { TokenRecord } from '../shared/token-registry.js'
import {
  DEFAULT_CLIENT,
  numberSetting,
  scenarioNow,
  scenarioState,
  scopeList,
  subjectOf,
} from './oauth2-data.js'
import { oauthError } from './oauth2-errors.js'
import { authenticateClient } from './token-endpoint.js'

function findToken(ctx: PackContext, token: string): TokenRecord | undefined {
  const { tokens } = scenarioState(ctx)
  return tokens.access.get(token) ?? tokens.refresh.get(token)
}

function isActive(record: TokenRecord | undefined, now: number): record is TokenRecord {
  return record !== undefined && !record.revoked && (record.expiresAt === undefined || record.expiresAt > now)
}

/**
 * Answers `POST /introspect` (client authentication required): `{ active: false }` for unknown, expired or
 * revoked tokens.
 *
 * @example
 * handleIntrospect(req, ctx) // { status: 200, body: { active: true, scope: 'openid', client_id: 'app', … } }
 */
export function handleIntrospect(req: MockRequest, ctx: PackContext): MockResponse {
  const state = scenarioState(ctx)
  const now = scenarioNow(ctx, state)
  const auth = authenticateClient(req, ctx)
  if ('failure' in auth) return oauthError('google', auth.failure, { now, usedBasic: auth.usedBasic })
  const token = formParams(req).get('token')
  if (token === null || token === '')
    return oauthError('google', { error: 'invalid_request', missing: 'token' }, { now })
  const record = findToken(ctx, token)
  if (!isActive(record, now)) return { status: 200, body: { active: false } }
  return {
    status: 200,
    body: {
      active: true,
      scope: record.scope.join(' '),
      client_id: record.clientId,
      sub: record.subject,
      token_type: record.kind === 'access' ? 'Bearer' : 'refresh_token',
      iat: Math.floor(record.issuedAt / 1000),
      ...(record.expiresAt !== undefined ? { exp: Math.floor(record.expiresAt / 1000) } : {}),
    },
  }
}

/**
 * Revokes a token and what hangs on it: a refresh token takes its access tokens with it; an access token takes
 * the refresh token it came from (as Google's revoke endpoint does).
 *
 * @example
 * revokeToken(ctx, 'r-1')
 */
export function revokeToken(ctx: PackContext, token: string): boolean {
  const { tokens } = scenarioState(ctx)
  const access = tokens.access.get(token)
  const refreshToken = access?.parent ?? (tokens.refresh.has(token) ? token : undefined)
  if (access !== undefined) tokens.access.set(token, { ...access, revoked: true })
  if (refreshToken === undefined) return access !== undefined
  const refresh = tokens.refresh.get(refreshToken)
  if (refresh !== undefined) tokens.refresh.set(refreshToken, { ...refresh, revoked: true })
  for (const [key, record] of tokens.access) {
    if (record.parent === refreshToken) tokens.access.set(key, { ...record, revoked: true })
  }
  return true
}

/**
 * Answers `POST /revoke` (RFC 7009): 200 even for unknown tokens; `unsupported_token_type` for a hint that is
 * neither `access_token` nor `refresh_token`.
 *
 * @example
 * handleRevoke(req, ctx) // { status: 200 }
 */
export function handleRevoke(req: MockRequest, ctx: PackContext): MockResponse {
  const now = ctx.now().getTime()
  const params = formParams(req)
  const token = params.get('token')
  if (token === null || token === '')
    return oauthError('google', { error: 'invalid_request', missing: 'token' }, { now })
  const hint = params.get('token_type_hint')
  if (hint !== null && hint !== 'access_token' && hint !== 'refresh_token') {
    return {
      status: 400,
      body: { error: 'unsupported_token_type', error_description: `Unsupported token_type_hint '${hint}'.` },
    }
  }
  revokeToken(ctx, token)
  return { status: 200, body: {} }
}

/**
 * Answers `GET /userinfo` with the bearer token's subject, or a RFC 6750 401.
 *
 * @example
 * handleUserinfo(req, ctx) // { status: 200, body: { sub: 'user-1' } }
 */
export function handleUserinfo(req: MockRequest, ctx: PackContext): MockResponse {
  const state = scenarioState(ctx)
  const token = bearerToken(req)
  const record = token === undefined ? undefined : state.tokens.access.get(token)
  if (!isActive(record, scenarioNow(ctx, state))) {
    return {
      status: 401,
      headers: {
        'www-authenticate':
          'Bearer error="invalid_token", error_description="The access token is invalid or expired"',
      },
      body: { error: 'invalid_token' },
    }
  }
  return {
    status: 200,
    body: { sub: record.subject, email: `${record.subject}@example.com`, email_verified: true },
  }
}

/**
 * The test-only controls:
 * - `POST /__oauth2/clock {"advanceSeconds": 3600}` moves this scenario's clock forward;
 * - `POST /__oauth2/expire {"token": "…"}` expires one token now;
 * - `POST /__oauth2/revoke {"token": "…"}` revokes without client authentication;
 * - `POST /__oauth2/issue {"clientId", "scope", "subject", "expiresIn", "refresh": true}` issues tokens without a flow;
 * - `GET /__oauth2/tokens` lists the scenario's tokens.
 *
 * @example
 * await fetch(`${mock.url}/__oauth2/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 3600 }) })
 */
export function handleTestControl(req: MockRequest, ctx: PackContext): MockResponse | undefined {
  const state = scenarioState(ctx)
  const body = asRecord(req.json)
  const now = scenarioNow(ctx, state)
  const action = req.path.slice('/__oauth2/'.length)
  if (req.method === 'GET' && action === 'tokens') {
    return {
      status: 200,
      body: {
        now: new Date(now).toISOString(),
        access: [...state.tokens.access.values()],
        refresh: [...state.tokens.refresh.values()],
      },
    }
  }
  if (req.method !== 'POST') return undefined
  if (action === 'clock') {
    const seconds = typeof body['advanceSeconds'] === 'number' ? body['advanceSeconds'] : Number.NaN
    if (!Number.isFinite(seconds))
      return { status: 400, body: { error: 'advanceSeconds (a number) is required' } }
    state.tokens.clockOffsetMs += seconds * 1000
    return {
      status: 200,
      body: {
        clockOffsetMs: state.tokens.clockOffsetMs,
        now: new Date(scenarioNow(ctx, state)).toISOString(),
      },
    }
  }
  const token = typeof body['token'] === 'string' ? body['token'] : undefined
  if (action === 'expire' || action === 'revoke') {
    const record = token === undefined ? undefined : findToken(ctx, token)
    if (token === undefined || record === undefined)
      return { status: 404, body: { error: `unknown token '${token ?? ''}'` } }
    if (action === 'revoke') revokeToken(ctx, token)
    else state.tokens[record.kind].set(token, { ...record, expiresAt: now - 1 })
    return { status: 200, body: { token, action } }
  }
  if (action === 'issue') {
    const ttl =
      typeof body['expiresIn'] === 'number' ? body['expiresIn'] : numberSetting(ctx, 'accessTokenTtl', 3600)
    const base = {
      clientId: typeof body['clientId'] === 'string' ? body['clientId'] : DEFAULT_CLIENT.clientId,
      scope: scopeList(typeof body['scope'] === 'string' ? body['scope'] : ''),
      subject: typeof body['subject'] === 'string' ? body['subject'] : subjectOf(ctx),
      issuedAt: now,
      revoked: false,
    }
    const refresh = body['refresh'] === true ? randomId('1//mock') : undefined
    const access = randomId('ya29.mock')
    state.tokens.access.set(access, {
      ...base,
      kind: 'access',
      token: access,
      expiresAt: now + ttl * 1000,
      ...(refresh ? { parent: refresh } : {}),
    })
    if (refresh !== undefined) state.tokens.refresh.set(refresh, { ...base, kind: 'refresh', token: refresh })
    return {
      status: 200,
      body: { access_token: access, expires_in: ttl, ...(refresh ? { refresh_token: refresh } : {}) },
    }
  }
  return undefined
}
