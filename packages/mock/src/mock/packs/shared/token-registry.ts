/**
 * The token store shared by packs of one mock server: the `oauth2` pack issues tokens into it, the
 * `google-calendar` and `microsoft-graph` packs check bearer tokens against it. It is keyed by the server's base
 * URL and the scenario, so parallel tests in different scenarios never see each other's tokens.
 * @module
 */

/** One issued token. Records are replaced, never mutated. */
export interface TokenRecord {
  readonly kind: 'access' | 'refresh'
  readonly token: string
  readonly clientId: string
  readonly scope: readonly string[]
  readonly subject: string
  readonly issuedAt: number
  /** Epoch ms; absent = never expires. */
  readonly expiresAt?: number
  readonly revoked: boolean
  /** For access tokens: the refresh token they came from (revoking it revokes them). */
  readonly parent?: string
}

/** The tokens of one scenario, plus that scenario's clock offset (tests move time forward with it). */
export interface ScenarioTokens {
  readonly access: Map<string, TokenRecord>
  readonly refresh: Map<string, TokenRecord>
  clockOffsetMs: number
}

const registry = new Map<string, Map<string, ScenarioTokens>>()

/**
 * Creates an empty token set for a scenario.
 *
 * @example
 * const tokens = emptyScenarioTokens()
 */
export function emptyScenarioTokens(): ScenarioTokens {
  return { access: new Map(), refresh: new Map(), clockOffsetMs: 0 }
}

/**
 * Publishes a scenario's tokens for the other packs of the same server (called by the `oauth2` pack).
 *
 * @example
 * publishScenarioTokens(ctx.baseUrl, ctx.scenario, tokens)
 */
export function publishScenarioTokens(baseUrl: string, scenario: string, tokens: ScenarioTokens): void {
  let byScenario = registry.get(baseUrl)
  if (byScenario === undefined) {
    byScenario = new Map()
    registry.set(baseUrl, byScenario)
  }
  byScenario.set(scenario, tokens)
}

/**
 * Forgets every scenario of a server (call when the server closes, so a reused port starts clean).
 *
 * @example
 * forgetServerTokens('http://127.0.0.1:4010')
 */
export function forgetServerTokens(baseUrl: string): void {
  registry.delete(baseUrl)
}

/** Why a bearer token was refused. */
export type TokenRefusal = 'missing' | 'unknown' | 'expired' | 'revoked'

/** The outcome of checking a bearer token. */
export type TokenCheck =
  | { readonly kind: 'valid'; readonly record?: TokenRecord }
  | { readonly kind: 'refused'; readonly reason: TokenRefusal }

/**
 * Checks a bearer token for an API pack.
 *
 * Order: no token → `missing`; a token listed in the pack's scenario data (`tokens: { t1: expired }`) → that
 * verdict; a token the `oauth2` pack knows in this scenario → expired/revoked by its clock; otherwise `unknown`
 * when the `oauth2` pack of this server has this scenario's tokens (it is the authority), and valid when it has
 * not (any bearer works in a pack used alone, or in a scenario the `oauth2` pack has not seen yet).
 *
 * @example
 * const check = checkBearer({ baseUrl: ctx.baseUrl, scenario: ctx.scenario, token, now: ctx.now(), listed })
 */
export function checkBearer(input: {
  readonly baseUrl: string
  readonly scenario: string
  readonly token: string | undefined
  readonly now: Date
  readonly listed?: Readonly<Record<string, unknown>>
}): TokenCheck {
  const { token } = input
  if (token === undefined || token === '') return { kind: 'refused', reason: 'missing' }
  const verdict = input.listed?.[token]
  if (verdict === 'valid') return { kind: 'valid' }
  if (verdict === 'expired' || verdict === 'revoked' || verdict === 'unknown')
    return { kind: 'refused', reason: verdict }
  const byScenario = registry.get(input.baseUrl)
  const tokens = byScenario?.get(input.scenario)
  const record = tokens?.access.get(token)
  if (record !== undefined && tokens !== undefined) {
    if (record.revoked) return { kind: 'refused', reason: 'revoked' }
    const now = input.now.getTime() + tokens.clockOffsetMs
    if (record.expiresAt !== undefined && record.expiresAt <= now)
      return { kind: 'refused', reason: 'expired' }
    return { kind: 'valid', record }
  }
  // Unknown is refused only where the oauth2 pack has this scenario's tokens; a scenario it has not seen yet
  // (listed after the API pack, it only sees requests nobody answered) cannot be judged, so the token passes.
  return tokens === undefined ? { kind: 'valid' } : { kind: 'refused', reason: 'unknown' }
}
