/**
 * The `refresh_token` grant (RFC 6749 §6) against any token endpoint.
 * @module
 */
import { failure, messageOf } from '../errors.js'
import { type HttpOptions, jsonBody, send } from './http.js'
import { OAuthRotationError } from './oauth-error.js'

/** What to refresh and how the client authenticates. */
export interface RefreshOptions extends HttpOptions {
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret?: string
  readonly refreshToken: string
  /** Ask for a narrower scope (space-separated). */
  readonly scope?: string
  /** `body` (client_secret_post, default) or `basic` (client_secret_basic). */
  readonly clientAuth?: 'body' | 'basic'
}

/** A token response. `refreshToken` is set only when the server rotated it. */
export interface RefreshedTokens {
  readonly accessToken: string
  readonly tokenType: string
  readonly expiresIn?: number
  readonly scope?: string
  readonly refreshToken?: string
}

const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')

/**
 * Exchanges a refresh token for a new access token (and, where the server rotates, a new refresh token).
 *
 * @example
 * const tokens = await refreshAccessToken({
 *   tokenUrl: 'https://oauth2.googleapis.com/token', clientId, clientSecret, refreshToken,
 * })
 */
export async function refreshAccessToken(options: RefreshOptions): Promise<RefreshedTokens> {
  const params = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: options.refreshToken })
  if (options.scope !== undefined) params.set('scope', options.scope)
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (options.clientAuth === 'basic') {
    headers['authorization'] =
      `Basic ${Buffer.from(`${form(options.clientId)}:${form(options.clientSecret ?? '')}`).toString('base64')}`
  } else {
    params.set('client_id', options.clientId)
    if (options.clientSecret !== undefined) params.set('client_secret', options.clientSecret)
  }
  let res: Response
  try {
    res = await send(options.tokenUrl, { method: 'POST', headers, body: params.toString() }, options)
  } catch (err) {
    throw new OAuthRotationError(
      'refresh',
      failure(
        `refresh the token at ${options.tokenUrl}`,
        messageOf(err),
        'Check --token-url and that the endpoint is reachable.',
      ),
      { cause: err },
    )
  }
  const body = await jsonBody(res)
  if (!res.ok) {
    const error = typeof body['error'] === 'string' ? body['error'] : undefined
    const description = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : ''
    const fix =
      error === 'invalid_grant'
        ? 'The refresh token is expired, revoked or belongs to another client: sign in again to get a new one.'
        : error === 'invalid_client'
          ? 'Check --client-id and --client-secret (and --client-auth basic|body).'
          : error === 'invalid_scope'
            ? 'Ask for a scope no broader than the one originally granted.'
            : 'See the error above.'
    throw new OAuthRotationError(
      'refresh',
      failure(
        `refresh the token at ${options.tokenUrl}`,
        `the server answered ${res.status} ${error ?? 'without an OAuth error'}${description}`,
        fix,
      ),
      { status: res.status, ...(error !== undefined ? { oauthError: error } : {}) },
    )
  }
  if (typeof body['access_token'] !== 'string') {
    throw new OAuthRotationError(
      'refresh',
      failure(
        `refresh the token at ${options.tokenUrl}`,
        'the 200 response has no access_token',
        'Check that --token-url is the token endpoint.',
      ),
      { status: res.status },
    )
  }
  return {
    accessToken: body['access_token'],
    tokenType: typeof body['token_type'] === 'string' ? body['token_type'] : 'Bearer',
    ...(typeof body['expires_in'] === 'number' ? { expiresIn: body['expires_in'] } : {}),
    ...(typeof body['scope'] === 'string' ? { scope: body['scope'] } : {}),
    ...(typeof body['refresh_token'] === 'string' ? { refreshToken: body['refresh_token'] } : {}),
  }
}
