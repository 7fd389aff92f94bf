/**
 * Microsoft Graph's error envelope: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`.
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { MockRequest, MockResponse } from '../../pack.js'

/**
 * A Graph error response.
 *
 * @example
 * graphError(req, now, 404, 'ErrorInvalidUser', "The requested user 'x' is invalid.")
 */
export function graphError(
  req: Pick<MockRequest, 'headers'>,
  now: Date,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  innerCode?: string,
): MockResponse {
  const requestId = randomUUID()
  return {
    status,
    headers: { 'request-id': requestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          ...(innerCode !== undefined ? { code: innerCode } : {}),
          date: now.toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': req.headers['client-request-id'] ?? requestId,
        },
      },
    },
  }
}

/** Why a bearer token was refused, in Graph's words. */
const TOKEN_MESSAGES: Record<string, string> = {
  missing: 'Access token is empty.',
  expired: 'Access token has expired or is not yet valid.',
  revoked: 'Access token validation failure. Invalid audience.',
  unknown: 'Access token validation failure.',
}

/**
 * The 401 Graph sends for a missing, expired, revoked or unknown token.
 *
 * @example
 * invalidToken(req, now, 'expired')
 */
export function invalidToken(req: Pick<MockRequest, 'headers'>, now: Date, reason: string): MockResponse {
  return graphError(
    req,
    now,
    401,
    'InvalidAuthenticationToken',
    TOKEN_MESSAGES[reason] ?? TOKEN_MESSAGES['unknown']!,
    {
      'www-authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    },
  )
}
