/**
 * The authorization endpoint: checks the client and redirect URI, then redirects back with a `code` and the
 * caller's `state` (or, per RFC 6749 §4.1.2.1, with `error=…&state=…`). There is no login page: the scenario's
 * `subject` is the user who consents. `authorize: { deny: true }` in the scenario data makes the user refuse.
 * @module
 */
import type { MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, randomId } from '../shared/request-helpers.js'
import { findClient, numberSetting, scenarioNow, scenarioState, scopeList, subjectOf } from './oauth2-data.js'

function redirect(target: string, params: Record<string, string | undefined>): MockResponse {
  const url = new URL(target)
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value)
  return { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } }
}

/**
 * Answers `GET …/authorize`.
 *
 * @example
 * handleAuthorize(req, ctx) // { status: 302, headers: { location: 'http://app/cb?code=…&state=xyz' } }
 */
export function handleAuthorize(req: MockRequest, ctx: PackContext): MockResponse {
  const q = req.query
  const clientId = q.get('client_id') ?? ''
  const client = findClient(ctx, clientId)
  // Errors about the client or redirect URI must not redirect (the URI cannot be trusted).
  if (client === undefined) {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: `Unknown client_id '${clientId}'.` },
    }
  }
  const allowed = client.redirectUris
  const redirectUri = q.get('redirect_uri') ?? (allowed?.length === 1 ? allowed[0] : undefined)
  if (redirectUri === undefined || (allowed !== undefined && !allowed.includes(redirectUri))) {
    return {
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: `redirect_uri '${redirectUri ?? ''}' is not registered for client '${clientId}'.`,
      },
    }
  }
  try {
    new URL(redirectUri)
  } catch {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: `redirect_uri '${redirectUri}' is not a URL.` },
    }
  }
  const state = q.get('state') ?? undefined
  if (q.get('response_type') !== 'code') {
    return redirect(redirectUri, {
      error: 'unsupported_response_type',
      error_description: 'Only response_type=code is supported.',
      state,
    })
  }
  const scope = scopeList(q.get('scope'))
  const unknown = client.scopes === undefined ? [] : scope.filter((s) => !client.scopes!.includes(s))
  if (unknown.length > 0) {
    return redirect(redirectUri, {
      error: 'invalid_scope',
      error_description: `Unknown scope: ${unknown.join(' ')}`,
      state,
    })
  }
  if (!client.grants.includes('authorization_code')) {
    return redirect(redirectUri, { error: 'unauthorized_client', state })
  }
  const method = q.get('code_challenge_method') ?? (q.has('code_challenge') ? 'plain' : undefined)
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    return redirect(redirectUri, {
      error: 'invalid_request',
      error_description: 'Unsupported code_challenge_method.',
      state,
    })
  }
  if (asRecord(asRecord(ctx.data)['authorize'])['deny'] === true) {
    return redirect(redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied access.',
      state,
    })
  }
  const scenario = scenarioState(ctx)
  const code = randomId('code')
  const nonce = q.get('nonce')
  const challenge = q.get('code_challenge')
  scenario.codes.set(code, {
    clientId,
    redirectUri,
    scope,
    subject: subjectOf(ctx),
    ...(nonce !== null ? { nonce } : {}),
    ...(challenge !== null ? { codeChallenge: challenge, codeChallengeMethod: method ?? 'plain' } : {}),
    expiresAt: scenarioNow(ctx, scenario) + numberSetting(ctx, 'authorizationCodeTtl', 600) * 1000,
    redeemed: false,
  })
  return redirect(redirectUri, { code, state })
}
