/**
 * HTTP plumbing shared by the request handler and the admin API: reading bodies, flattening
 * headers, parsing JSON bodies, building JSON responses.
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { PlannedResponse } from './faults.js'
import type { MockResponse } from './pack.js'

const JSON_TYPE = 'application/json; charset=utf-8'

/** Converts a pack's response (object body = JSON) into bytes and headers. */
export function fromMockResponse(response: MockResponse): PlannedResponse {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = v
  const body = response.body
  if (body === undefined) return { status: response.status, headers, body: Buffer.alloc(0) }
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8'
    return { status: response.status, headers, body: Buffer.from(body) }
  }
  headers['content-type'] ??= JSON_TYPE
  return { status: response.status, headers, body: Buffer.from(JSON.stringify(body)) }
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): PlannedResponse {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: Buffer.from(JSON.stringify(body)),
  }
}

/** Header values as single strings (repeated headers joined with ", "). */
export function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in raw) {
    const value = raw[key]
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** Reads the whole body as UTF-8 (skips the wait when the request has none). */
export function readBody(req: IncomingMessage): Promise<string> | string {
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume()
    return ''
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Parses a JSON body: an error only when the content type says JSON and it does not parse. */
export function parseJsonBody(
  contentType: string | undefined,
  rawBody: string,
): { value: unknown; error?: string } {
  const declared = contentType !== undefined && /[/+]json\b/i.test(contentType)
  const looksJson = contentType === undefined && /^\s*[[{]/.test(rawBody)
  if (rawBody === '' || (!declared && !looksJson)) return { value: undefined }
  try {
    return { value: JSON.parse(rawBody) }
  } catch (err) {
    return declared ? { value: undefined, error: (err as Error).message } : { value: undefined }
  }
}
