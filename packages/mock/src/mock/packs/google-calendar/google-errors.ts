/**
 * Google's JSON error envelope (`{ error: { errors: [{ domain, reason, message }], code, message } }`).
 * @module
 */
import type { MockResponse } from '../../pack.js'

/** One `errors[]` item. */
export interface GoogleErrorItem {
  readonly domain: string
  readonly reason: string
  readonly message: string
  readonly locationType?: string
  readonly location?: string
}

/**
 * A Google API error response.
 *
 * @example
 * googleError(404, { domain: 'global', reason: 'notFound', message: 'Not Found' })
 */
export function googleError(
  status: number,
  item: GoogleErrorItem,
  headers: Record<string, string> = {},
): MockResponse {
  return { status, headers, body: { error: { errors: [item], code: status, message: item.message } } }
}

/** The errors the pack answers, by name (shapes from Google's Calendar error guide). */
export const GOOGLE_ERRORS = {
  authError: (): MockResponse =>
    googleError(
      401,
      {
        domain: 'global',
        reason: 'authError',
        message: 'Invalid Credentials',
        locationType: 'header',
        location: 'Authorization',
      },
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    ),
  insufficientPermissions: (): MockResponse =>
    googleError(
      403,
      {
        domain: 'global',
        reason: 'insufficientPermissions',
        message: 'Request had insufficient authentication scopes.',
      },
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' },
    ),
  notFound: (): MockResponse =>
    googleError(404, { domain: 'global', reason: 'notFound', message: 'Not Found' }),
  required: (param: string): MockResponse =>
    googleError(400, {
      domain: 'global',
      reason: 'required',
      message: `Missing ${param} parameter.`,
      locationType: 'parameter',
      location: param,
    }),
  invalid: (param: string, message: string): MockResponse =>
    googleError(400, {
      domain: 'global',
      reason: 'invalid',
      message,
      locationType: 'parameter',
      location: param,
    }),
  parseError: (): MockResponse =>
    googleError(400, { domain: 'global', reason: 'parseError', message: 'Parse Error' }),
  timeRangeEmpty: (): MockResponse =>
    googleError(400, {
      domain: 'calendar',
      reason: 'timeRangeEmpty',
      message: 'The specified time range is empty.',
      locationType: 'parameter',
      location: 'timeMax',
    }),
  fullSyncRequired: (): MockResponse =>
    googleError(410, {
      domain: 'calendar',
      reason: 'fullSyncRequired',
      message: 'Sync token is no longer valid, a full sync is required.',
      locationType: 'parameter',
      location: 'syncToken',
    }),
  duplicate: (): MockResponse =>
    googleError(409, {
      domain: 'global',
      reason: 'duplicate',
      message: 'The requested identifier already exists.',
    }),
  rateLimitExceeded: (status: number, retryAfter?: number, message = 'Rate Limit Exceeded'): MockResponse =>
    googleError(
      status,
      { domain: 'usageLimits', reason: 'rateLimitExceeded', message },
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    ),
} as const
