/**
 * Small request helpers shared by the provider packs.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { MockRequest } from '../../pack.js'

/**
 * The bearer token of a request, or `undefined` when there is none.
 *
 * @example
 * bearerToken({ headers: { authorization: 'Bearer abc' } } as MockRequest) // 'abc'
 */
export function bearerToken(req: Pick<MockRequest, 'headers'>): string | undefined {
  const header = req.headers['authorization']
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

/**
 * HTTP Basic credentials (RFC 6749 §2.3.1: both parts are form-url-encoded before base64).
 *
 * @example
 * basicCredentials({ headers: { authorization: 'Basic YTpi' } } as MockRequest) // { id: 'a', secret: 'b' }
 */
export function basicCredentials(
  req: Pick<MockRequest, 'headers'>,
): { id: string; secret: string } | undefined {
  const header = req.headers['authorization']
  const match = header === undefined ? null : /^Basic\s+(\S+)\s*$/i.exec(header)
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  try {
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) }
  } catch {
    return undefined
  }
}

/**
 * The form parameters of a request: the url-encoded body (or a JSON object body), plus the query string.
 *
 * @example
 * formParams(req).get('grant_type')
 */
export function formParams(
  req: Pick<MockRequest, 'rawBody' | 'json' | 'query' | 'headers'>,
): URLSearchParams {
  const params = new URLSearchParams(req.query)
  const type = req.headers['content-type'] ?? ''
  if (
    req.json !== undefined &&
    req.json !== null &&
    typeof req.json === 'object' &&
    !type.includes('urlencoded')
  ) {
    for (const [key, value] of Object.entries(req.json as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number') params.set(key, String(value))
    }
  } else if (req.rawBody.length > 0) {
    for (const [key, value] of new URLSearchParams(req.rawBody)) params.set(key, value)
  }
  return params
}

/**
 * A random URL-safe identifier with a readable prefix.
 *
 * @example
 * randomId('at') // 'at-3q2w…'
 */
export function randomId(prefix: string, bytes = 18): string {
  return `${prefix}-${randomBytes(bytes).toString('base64url')}`
}

/**
 * Matches a path against a template with `:name` segments; returns the decoded parameters or `undefined`.
 *
 * @example
 * matchPath('/users/:id/calendar', '/users/a%40b/calendar') // { id: 'a@b' }
 */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    const g = got[i]!
    if (w.startsWith(':')) {
      if (g === '') return undefined
      try {
        params[w.slice(1)] = decodeURIComponent(g)
      } catch {
        return undefined
      }
    } else if (w !== g) return undefined
  }
  return params
}

/**
 * Reads a plain object from unknown scenario data (or an empty one).
 *
 * @example
 * const calendars = record(asRecord(ctx.data)['calendars'])
 */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/**
 * Reads an array from unknown scenario data (or an empty one).
 *
 * @example
 * asArray(data['events'])
 */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * Reads a string from unknown scenario data.
 *
 * @example
 * asString(data['timeZone'])
 */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : undefined
}
