/**
 * The `oauth2` pack's scenario data (`<dir>/packs/oauth2/<scenario>.yaml`) and its per-scenario state.
 *
 * ```yaml
 * clients:
 *   - clientId: app
 *     clientSecret: s3cret          # absent: a public client (PKCE)
 *     redirectUris: [http://127.0.0.1:3000/callback]   # absent: any
 *     grants: [authorization_code, refresh_token]       # absent: all three
 *     scopes: [openid, email, calendar]                 # absent: any
 * accessTokenTtl: 3600              # seconds
 * refreshTokenRotation: strict      # keep (Google paths default), reissue (Microsoft default: new token, old stays valid), strict (old revoked)
 * subject: user-1
 * refreshTokens:
 *   - { token: r-1, clientId: app, scope: openid calendar }
 *   - { token: r-old, clientId: app, expired: true }
 * accessTokens:
 *   - { token: expired-at, clientId: app, expired: true }
 * ```
 * @module
 */
import type { PackContext } from '../../pack.js'
import { asArray, asRecord, asString } from '../shared/request-helpers.js'
import {
  emptyScenarioTokens,
  publishScenarioTokens,
  type ScenarioTokens,
  type TokenRecord,
} from '../shared/token-registry.js'

/** The grants the token endpoint knows. */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials'

/** A registered client. */
export interface OAuthClient {
  readonly clientId: string
  readonly clientSecret?: string
  readonly redirectUris?: readonly string[]
  readonly grants: readonly GrantType[]
  readonly scopes?: readonly string[]
}

/** A code handed out by the authorize endpoint. */
export interface AuthorizationCode {
  readonly clientId: string
  readonly redirectUri: string
  readonly scope: readonly string[]
  readonly subject: string
  readonly nonce?: string
  readonly codeChallenge?: string
  readonly codeChallengeMethod?: string
  readonly expiresAt: number
  readonly redeemed: boolean
}

/** Everything the pack keeps per scenario. */
export interface OAuthScenarioState {
  readonly tokens: ScenarioTokens
  readonly codes: Map<string, AuthorizationCode>
}

const ALL_GRANTS: readonly GrantType[] = ['authorization_code', 'refresh_token', 'client_credentials']

/** The client used when the scenario data lists none. */
export const DEFAULT_CLIENT: OAuthClient = Object.freeze({
  clientId: 'test-client',
  clientSecret: 'test-secret',
  grants: ALL_GRANTS,
})

/**
 * Splits a space-separated scope string.
 *
 * @example
 * scopeList('openid  email') // ['openid', 'email']
 */
export function scopeList(scope: string | undefined | null): string[] {
  return (scope ?? '').split(/\s+/).filter((s) => s.length > 0)
}

/**
 * The clients registered for this scenario.
 *
 * @example
 * findClient(ctx, 'app')
 */
export function findClient(ctx: PackContext, clientId: string): OAuthClient | undefined {
  const listed = asArray(asRecord(ctx.data)['clients'])
  if (listed.length === 0) return clientId === DEFAULT_CLIENT.clientId ? DEFAULT_CLIENT : undefined
  for (const item of listed) {
    const c = asRecord(item)
    if (asString(c['clientId']) !== clientId) continue
    const grants = asArray(c['grants']).filter((g): g is GrantType => ALL_GRANTS.includes(g as GrantType))
    const secret = asString(c['clientSecret'])
    const redirectUris = asArray(c['redirectUris']).filter((u): u is string => typeof u === 'string')
    const scopes = asArray(c['scopes']).filter((s): s is string => typeof s === 'string')
    return {
      clientId,
      ...(secret !== undefined ? { clientSecret: secret } : {}),
      ...(Array.isArray(c['redirectUris']) ? { redirectUris } : {}),
      grants: Array.isArray(c['grants']) ? grants : ALL_GRANTS,
      ...(Array.isArray(c['scopes']) ? { scopes } : {}),
    }
  }
  return undefined
}

/**
 * Numeric setting from the scenario data.
 *
 * @example
 * numberSetting(ctx, 'accessTokenTtl', 3600)
 */
export function numberSetting(ctx: PackContext, key: string, fallback: number): number {
  const value = asRecord(ctx.data)[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

/**
 * The scenario's subject (the signed-in user).
 *
 * @example
 * subjectOf(ctx) // 'user-1'
 */
export function subjectOf(ctx: PackContext): string {
  return asString(asRecord(ctx.data)['subject']) ?? 'user-1'
}

/**
 * The pack's now, on the scenario's clock (the server clock plus the offset tests moved it by).
 *
 * @example
 * const now = scenarioNow(ctx, state)
 */
export function scenarioNow(ctx: PackContext, state: OAuthScenarioState): number {
  return ctx.now().getTime() + state.tokens.clockOffsetMs
}

/**
 * The per-scenario state: created (and seeded from the scenario data) on first use, and published in the
 * shared token registry so API packs of the same server can check bearer tokens.
 *
 * @example
 * const state = scenarioState(ctx)
 */
export function scenarioState(ctx: PackContext): OAuthScenarioState {
  let state = ctx.state.get('oauth2') as OAuthScenarioState | undefined
  if (state === undefined) {
    state = { tokens: emptyScenarioTokens(), codes: new Map() }
    seedTokens(ctx, state.tokens)
    ctx.state.set('oauth2', state)
  }
  // Re-published on every call: a reset scenario gets a fresh state map, and the registry must follow it.
  publishScenarioTokens(ctx.baseUrl, ctx.scenario, state.tokens)
  return state
}

function seedTokens(ctx: PackContext, tokens: ScenarioTokens): void {
  const data = asRecord(ctx.data)
  const now = ctx.now().getTime()
  for (const [kind, key] of [
    ['refresh', 'refreshTokens'],
    ['access', 'accessTokens'],
  ] as const) {
    for (const item of asArray(data[key])) {
      const t = asRecord(item)
      const token = asString(t['token'])
      if (token === undefined) continue
      const expiresIn = typeof t['expiresIn'] === 'number' ? t['expiresIn'] : undefined
      const record: TokenRecord = {
        kind,
        token,
        clientId: asString(t['clientId']) ?? DEFAULT_CLIENT.clientId,
        scope: scopeList(asString(t['scope'])),
        subject: asString(t['subject']) ?? subjectOf(ctx),
        issuedAt: now,
        ...(t['expired'] === true
          ? { expiresAt: now - 1000 }
          : expiresIn !== undefined
            ? { expiresAt: now + expiresIn * 1000 }
            : kind === 'access'
              ? { expiresAt: now + numberSetting(ctx, 'accessTokenTtl', 3600) * 1000 }
              : {}),
        revoked: t['revoked'] === true,
      }
      tokens[kind].set(token, record)
    }
  }
}
