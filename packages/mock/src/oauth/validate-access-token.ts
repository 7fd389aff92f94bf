/**
 * Checks a fresh access token against an API the token is for: a GET with the bearer token, 2xx = valid.
 * @module
 */
import { failure, messageOf } from '../errors.js'
import { type HttpOptions, send } from './http.js'
import { OAuthRotationError } from './oauth-error.js'

/** The outcome of a validation call. */
export interface TokenValidation {
  readonly url: string
  readonly status: number
  readonly ok: boolean
}

/**
 * GETs `url` with the token; resolves with the status (a non-2xx is a result, not an exception; a network
 * failure throws).
 *
 * @example
 * const check = await validateAccessToken('https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=1', token)
 */
export async function validateAccessToken(
  url: string,
  accessToken: string,
  options: HttpOptions = {},
): Promise<TokenValidation> {
  try {
    const res = await send(
      url,
      { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
      options,
    )
    await res.arrayBuffer()
    return { url, status: res.status, ok: res.ok }
  } catch (err) {
    throw new OAuthRotationError(
      'validate',
      failure(`validate the new token at ${url}`, messageOf(err), 'Check --validate-url.'),
      { cause: err },
    )
  }
}
