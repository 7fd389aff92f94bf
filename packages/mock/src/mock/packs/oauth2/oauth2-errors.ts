/**
 * RFC 6749 §5.2 error responses in the two provider flavours: Google (`/token`: short descriptions such as
 * "Token has been expired or revoked.") and Microsoft identity platform (`/:tenant/oauth2/v2.0/token`:
 * `AADSTS<n>: …` in `error_description`, plus `error_codes`, `timestamp`, `trace_id`, `correlation_id`,
 * `error_uri`).
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { MockResponse } from '../../pack.js'

/** Which provider the request came in as, by its path. */
export type Flavour = 'google' | 'microsoft'

/** The RFC 6749 token-endpoint error codes (plus RFC 7009's). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'

/** Why a grant was refused: which grant, and what was wrong with it (each flavour has its own text per reason). */
export type InvalidGrantReason =
  | 'code-unknown'
  | 'code-expired'
  | 'code-redeemed'
  | 'redirect-mismatch'
  | 'pkce'
  | 'refresh-unknown'
  | 'refresh-expired'
  | 'refresh-revoked'
  | 'other-client'

/** Why the request failed, in words the flavours map to their own texts. */
export type OAuthFailure =
  | { readonly error: 'invalid_request'; readonly missing: string }
  | {
      readonly error: 'invalid_client'
      readonly why: 'unknown-client' | 'bad-secret'
      readonly clientId: string
    }
  | { readonly error: 'invalid_grant'; readonly why: InvalidGrantReason }
  | { readonly error: 'unauthorized_client'; readonly grant: string; readonly clientId: string }
  | { readonly error: 'unsupported_grant_type'; readonly grant: string }
  | { readonly error: 'invalid_scope'; readonly scope: string }

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

/**
 * Google's `error_description` per refused grant. A refresh token that is unknown, expired or revoked all read
 * "Token has been expired or revoked."; "Malformed auth code." is the code grant's alone.
 */
const GOOGLE_INVALID_GRANT: Record<InvalidGrantReason, string> = {
  'code-unknown': 'Malformed auth code.',
  'code-expired': 'Bad Request',
  'code-redeemed': 'Bad Request',
  'redirect-mismatch': 'Bad Request',
  pkce: 'Bad Request',
  'refresh-unknown': 'Token has been expired or revoked.',
  'refresh-expired': 'Token has been expired or revoked.',
  'refresh-revoked': 'Token has been expired or revoked.',
  'other-client': 'Unauthorized',
}

/** Microsoft identity platform's AADSTS code and text per refused grant. */
const MICROSOFT_INVALID_GRANT: Record<InvalidGrantReason, [number, string]> = {
  'code-unknown': [70000, "The provided value for the 'code' parameter is not valid."],
  'code-expired': [
    70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  ],
  'code-redeemed': [
    54005,
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  ],
  'redirect-mismatch': [
    50011,
    'The redirect URI specified in the request does not match the redirect URI used to get the code.',
  ],
  pkce: [
    501481,
    'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  ],
  'refresh-unknown': [9002313, 'Invalid request. Request is malformed or invalid.'],
  'refresh-expired': [700082, 'The refresh token has expired due to inactivity.'],
  'refresh-revoked': [
    50173,
    'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  ],
  'other-client': [
    70000,
    'The request was denied because one or more grants included in the request are invalid.',
  ],
}

function googleDescription(f: OAuthFailure): string {
  switch (f.error) {
    case 'invalid_request':
      return `Missing required parameter: ${f.missing}`
    case 'invalid_client':
      return f.why === 'unknown-client' ? 'The OAuth client was not found.' : 'Unauthorized'
    case 'invalid_grant':
      return GOOGLE_INVALID_GRANT[f.why]
    case 'unauthorized_client':
      return 'Unauthorized'
    case 'unsupported_grant_type':
      return `Invalid grant_type: ${f.grant}`
    case 'invalid_scope':
      return `Some requested scopes were invalid. {invalid=[${f.scope}]}`
  }
}

function microsoftCode(f: OAuthFailure, tenant: string): [number, string] {
  switch (f.error) {
    case 'invalid_request':
      return [900144, `The request body must contain the following parameter: '${f.missing}'.`]
    case 'invalid_client':
      return f.why === 'unknown-client'
        ? [700016, `Application with identifier '${f.clientId}' was not found in the directory '${tenant}'.`]
        : [
            7000215,
            'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          ]
    case 'invalid_grant':
      return MICROSOFT_INVALID_GRANT[f.why]
    case 'unauthorized_client':
      return [700025, `The client '${f.clientId}' is not allowed to use the grant type '${f.grant}'.`]
    case 'unsupported_grant_type':
      return [70003, `The app requested an unsupported grant type '${f.grant}'.`]
    case 'invalid_scope':
      return [
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${f.scope} is not valid.`,
      ]
  }
}

/**
 * The token-endpoint error response for a failure, in the flavour of the path it came in on. `invalid_client` is
 * a 401 (with `WWW-Authenticate: Basic` when the client authenticated with Basic), everything else a 400.
 *
 * @example
 * oauthError('google', { error: 'invalid_grant', why: 'refresh-expired' }, { now: Date.now() })
 * // { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }
 */
export function oauthError(
  flavour: Flavour,
  failure: OAuthFailure,
  options: { readonly now: number; readonly tenant?: string; readonly usedBasic?: boolean },
): MockResponse {
  const status = failure.error === 'invalid_client' ? 401 : 400
  const headers: Record<string, string> = { ...NO_STORE }
  if (status === 401 && options.usedBasic === true) headers['www-authenticate'] = 'Basic realm="oauth2"'
  if (flavour === 'google') {
    return { status, headers, body: { error: failure.error, error_description: googleDescription(failure) } }
  }
  const [code, text] = microsoftCode(failure, options.tenant ?? 'common')
  const traceId = randomUUID()
  const correlationId = randomUUID()
  const timestamp = new Date(options.now).toISOString().replace(/\.\d+Z$/, 'Z')
  const error =
    failure.error === 'invalid_client' && failure.why === 'unknown-client'
      ? 'unauthorized_client'
      : failure.error
  return {
    status: error === 'invalid_client' ? 401 : 400,
    headers,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp.replace('T', ' ')}`,
      error_codes: [code],
      timestamp: timestamp.replace('T', ' '),
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  }
}

/**
 * A successful token response with the RFC 6749 §5.1 cache headers.
 *
 * @example
 * tokenResponse({ access_token: 'a', token_type: 'Bearer', expires_in: 3600 })
 */
export function tokenResponse(body: Record<string, unknown>): MockResponse {
  return { status: 200, headers: { ...NO_STORE }, body }
}
