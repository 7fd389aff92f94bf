/**
 * Redaction of what the journal keeps about a request (and so of what the admin journal route
 * and `mock serve`'s log show): secret headers, query parameters and body fields become
 * `[REDACTED]`. The server answers from the raw request; only the record of it is redacted.
 * @module
 */
import { isSecretName, REDACTED, redactJson, redactText } from './redact.js'

/** Header names that carry credentials beyond the generic secret names (`x-api-key`, `x-auth-token`). */
const SECRET_HEADER =
  /(^|[-_])(api[-_]?key|auth|token|secret|password|credentials?)([-_]|$)|authorization|cookie/i
/** A body without any of these words holds no secret field: skip the work. */
const MAYBE_SECRET = /token|secret|passw|key|code|assertion|authorization|cookie|sig|session|eyJ|bearer/i

/** What the journal stores about a request. */
export interface RequestRecord {
  readonly headers: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The same record with secret values replaced; unchanged parts are the same objects.
 *
 * @example
 * redactRequest({ headers: { authorization: 'Bearer x' }, query: {}, body: '' })
 * // { headers: { authorization: '[REDACTED]' }, query: {}, body: '' }
 */
export function redactRequest(request: RequestRecord): RequestRecord {
  return {
    headers: redactRecord(request.headers, (name) => isSecretName(name) || SECRET_HEADER.test(name)),
    query: redactRecord(request.query, isSecretName),
    body: redactBody(request.body, request.headers['content-type']),
  }
}

function redactRecord(
  record: Readonly<Record<string, string>>,
  secret: (name: string) => boolean,
): Readonly<Record<string, string>> {
  let out: Record<string, string> | undefined
  for (const name of Object.keys(record)) {
    if (!secret(name)) continue
    out ??= { ...record }
    out[name] = REDACTED
  }
  return out ?? record
}

function redactBody(body: string, contentType: string | undefined): string {
  if (body === '' || !MAYBE_SECRET.test(body)) return body
  if (contentType?.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(body)
      const redacted = redactJson(parsed)
      return JSON.stringify(redacted) === JSON.stringify(parsed) ? body : JSON.stringify(redacted)
    } catch {
      // not JSON after all: treat as text
    }
  }
  return redactText(body, contentType)
}
