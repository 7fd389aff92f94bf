/**
 * The token endpoint: `authorization_code`, `refresh_token` and `client_credentials` grants with RFC 6749
 * errors, on the scenario's token state and clock.
 * @module
 */
import { createHash } from 'node:crypto'
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, basicCredentials, formParams, randomId } from '../shared/request-helpers.js'
import type { TokenRecord } from '../shared/token-registry.js'
import {
  findClient,
  type GrantType,
  numberSetting,
  type OAuthClient,
  type OAuthScenarioState,
  scenarioNow,
  scenarioState,
  scopeList,
} from './oauth2-data.js'
import { type Flavour, type OAuthFailure, oauthError, tokenResponse } from './oauth2-errors.js'
import { type SigningKey, signJwt } from './signing-key.js'

/** Where the request came in: flavour, tenant (Microsoft), the issuer to put in ID tokens, the signing key. */
export interface TokenEndpointEnv {
  readonly flavour: Flavour
  readonly tenant?: string
  readonly issuer: string
  readonly key: () => SigningKey
}

type Outcome =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly failure: OAuthFailure }

const fail = (failure: OAuthFailure): Outcome => ({ ok: false, failure })

/**
 * Authenticates the client of a request (Basic or body credentials).
 *
 * @example
 * const auth = authenticateClient(req, ctx)
 */
export function authenticateClient(
  req: MockRequest,
  ctx: PackContext,
):
  | { readonly client: OAuthClient; readonly usedBasic: boolean }
  | { readonly failure: OAuthFailure; readonly usedBasic: boolean } {
  const basic = basicCredentials(req)
  const params = formParams(req)
  const usedBasic = basic !== undefined
  const clientId = basic?.id ?? params.get('client_id') ?? undefined
  const secret = basic?.secret ?? params.get('client_secret') ?? undefined
  if (clientId === undefined || clientId === '')
    return { failure: { error: 'invalid_request', missing: 'client_id' }, usedBasic }
  const client = findClient(ctx, clientId)
  if (client === undefined)
    return { failure: { error: 'invalid_client', why: 'unknown-client', clientId }, usedBasic }
  if (client.clientSecret !== undefined && secret !== client.clientSecret) {
    return { failure: { error: 'invalid_client', why: 'bad-secret', clientId }, usedBasic }
  }
  return { client, usedBasic }
}

/**
 * Answers `POST …/token`.
 *
 * @example
 * const res = handleTokenRequest(req, ctx, { flavour: 'google', issuer: ctx.baseUrl, key })
 */
export function handleTokenRequest(req: MockRequest, ctx: PackContext, env: TokenEndpointEnv): MockResponse {
  const state = scenarioState(ctx)
  const now = scenarioNow(ctx, state)
  const auth = authenticateClient(req, ctx)
  const errorOptions = {
    now,
    usedBasic: auth.usedBasic,
    ...(env.tenant !== undefined ? { tenant: env.tenant } : {}),
  }
  if ('failure' in auth) return oauthError(env.flavour, auth.failure, errorOptions)
  const params = formParams(req)
  const grant = params.get('grant_type')
  if (grant === null || grant === '')
    return oauthError(env.flavour, { error: 'invalid_request', missing: 'grant_type' }, errorOptions)
  if (grant !== 'authorization_code' && grant !== 'refresh_token' && grant !== 'client_credentials') {
    return oauthError(env.flavour, { error: 'unsupported_grant_type', grant }, errorOptions)
  }
  if (!auth.client.grants.includes(grant as GrantType)) {
    return oauthError(
      env.flavour,
      { error: 'unauthorized_client', grant, clientId: auth.client.clientId },
      errorOptions,
    )
  }
  const input = { ctx, state, now, client: auth.client, params, env }
  const outcome =
    grant === 'authorization_code'
      ? codeGrant(input)
      : grant === 'refresh_token'
        ? refreshGrant(input)
        : clientCredentialsGrant(input)
  return outcome.ok ? tokenResponse(outcome.body) : oauthError(env.flavour, outcome.failure, errorOptions)
}

interface GrantInput {
  readonly ctx: PackContext
  readonly state: OAuthScenarioState
  readonly now: number
  readonly client: OAuthClient
  readonly params: URLSearchParams
  readonly env: TokenEndpointEnv
}

function codeGrant({ ctx, state, now, client, params, env }: GrantInput): Outcome {
  const code = params.get('code')
  if (code === null || code === '') return fail({ error: 'invalid_request', missing: 'code' })
  const grant = state.codes.get(code)
  if (grant === undefined) return fail({ error: 'invalid_grant', why: 'code-unknown' })
  if (grant.redeemed) return fail({ error: 'invalid_grant', why: 'code-redeemed' })
  if (grant.expiresAt <= now) return fail({ error: 'invalid_grant', why: 'code-expired' })
  if (grant.clientId !== client.clientId) return fail({ error: 'invalid_grant', why: 'other-client' })
  if (params.get('redirect_uri') !== grant.redirectUri)
    return fail({ error: 'invalid_grant', why: 'redirect-mismatch' })
  if (grant.codeChallenge !== undefined) {
    const verifier = params.get('code_verifier') ?? ''
    const computed =
      grant.codeChallengeMethod === 'plain'
        ? verifier
        : createHash('sha256').update(verifier).digest('base64url')
    if (verifier === '' || computed !== grant.codeChallenge)
      return fail({ error: 'invalid_grant', why: 'pkce' })
  }
  state.codes.set(code, { ...grant, redeemed: true })
  return issue(
    { ctx, state, now, client, env },
    {
      scope: grant.scope,
      subject: grant.subject,
      refresh: client.grants.includes('refresh_token'),
      ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    },
  )
}

function refreshGrant({ ctx, state, now, client, params, env }: GrantInput): Outcome {
  const token = params.get('refresh_token')
  if (token === null || token === '') return fail({ error: 'invalid_request', missing: 'refresh_token' })
  const record = state.tokens.refresh.get(token)
  if (record === undefined) return fail({ error: 'invalid_grant', why: 'refresh-unknown' })
  if (record.revoked) return fail({ error: 'invalid_grant', why: 'refresh-revoked' })
  if (record.expiresAt !== undefined && record.expiresAt <= now)
    return fail({ error: 'invalid_grant', why: 'refresh-expired' })
  if (record.clientId !== client.clientId) return fail({ error: 'invalid_grant', why: 'other-client' })
  // RFC 6749 §6: a refresh may only narrow the scope originally granted.
  const requested = params.has('scope') ? scopeList(params.get('scope')) : [...record.scope]
  const broader = requested.filter((s) => !record.scope.includes(s))
  if (broader.length > 0) return fail({ error: 'invalid_scope', scope: broader.join(' ') })
  const rotation = refreshRotation(ctx, env.flavour)
  if (rotation === 'strict') state.tokens.refresh.set(token, { ...record, revoked: true })
  return issue(
    { ctx, state, now, client, env },
    {
      scope: requested,
      subject: record.subject,
      refresh: rotation !== 'keep',
      refreshScope: record.scope,
      parent: rotation === 'keep' ? token : undefined,
    },
  )
}

/**
 * What a refresh does to the refresh token, per provider by default:
 * - `keep` (Google): no new refresh token; the old one stays valid until revoked or expired.
 * - `reissue` (Microsoft identity platform): a new refresh token comes back, and the old one is not revoked on
 *   use (the docs only ask clients to discard it).
 * - `strict`: a new one comes back and the old one is revoked; reusing it → 400 `invalid_grant`.
 * Scenario data `refreshTokenRotation: keep | reissue | strict` overrides (`rotateRefreshTokens: true|false`,
 * the older spelling, means `strict` / `keep`).
 */
function refreshRotation(
  ctx: PackContext,
  flavour: TokenEndpointEnv['flavour'],
): 'keep' | 'reissue' | 'strict' {
  const data = asRecord(ctx.data)
  const setting = data['refreshTokenRotation']
  if (setting === 'keep' || setting === 'reissue' || setting === 'strict') return setting
  const legacy = data['rotateRefreshTokens']
  if (typeof legacy === 'boolean') return legacy ? 'strict' : 'keep'
  return flavour === 'google' ? 'keep' : 'reissue'
}

function clientCredentialsGrant({ ctx, state, now, client, params, env }: GrantInput): Outcome {
  const requested = scopeList(params.get('scope'))
  if (client.scopes !== undefined) {
    const unknown = requested.filter((s) => !client.scopes!.includes(s))
    if (unknown.length > 0) return fail({ error: 'invalid_scope', scope: unknown.join(' ') })
  }
  return issue(
    { ctx, state, now, client, env },
    { scope: requested, subject: client.clientId, refresh: false },
  )
}

function issue(
  base: Omit<GrantInput, 'params'>,
  what: {
    readonly scope: readonly string[]
    readonly subject: string
    readonly refresh: boolean
    readonly refreshScope?: readonly string[]
    readonly parent?: string | undefined
    readonly nonce?: string
  },
): Outcome {
  const { ctx, state, now, client, env } = base
  const ttl = numberSetting(ctx, 'accessTokenTtl', 3600)
  const refreshToken = what.refresh ? randomId(env.flavour === 'google' ? '1//mock' : 'M.mock') : undefined
  const parent = refreshToken ?? what.parent
  const access: TokenRecord = {
    kind: 'access',
    token: randomId(env.flavour === 'google' ? 'ya29.mock' : 'EwB.mock'),
    clientId: client.clientId,
    scope: what.scope,
    subject: what.subject,
    issuedAt: now,
    expiresAt: now + ttl * 1000,
    revoked: false,
    ...(parent !== undefined ? { parent } : {}),
  }
  state.tokens.access.set(access.token, access)
  const body: Record<string, unknown> = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: ttl,
    scope: what.scope.join(' '),
  }
  if (refreshToken !== undefined) {
    const ttlRefresh = numberSetting(ctx, 'refreshTokenTtl', 0)
    state.tokens.refresh.set(refreshToken, {
      kind: 'refresh',
      token: refreshToken,
      clientId: client.clientId,
      scope: what.refreshScope ?? what.scope,
      subject: what.subject,
      issuedAt: now,
      ...(ttlRefresh > 0 ? { expiresAt: now + ttlRefresh * 1000 } : {}),
      revoked: false,
    })
    body['refresh_token'] = refreshToken
  }
  if (what.scope.includes('openid')) {
    // Stamped with the server clock, not the scenario offset: clients check iat/exp against their own clock.
    const seconds = Math.floor(ctx.now().getTime() / 1000)
    body['id_token'] = signJwt(env.key(), {
      iss: env.issuer,
      sub: what.subject,
      aud: client.clientId,
      iat: seconds,
      exp: seconds + ttl,
      ...(what.nonce !== undefined ? { nonce: what.nonce } : {}),
      ...(what.scope.includes('email') ? { email: `${what.subject}@example.com`, email_verified: true } : {}),
    })
  }
  return { ok: true, body }
}
