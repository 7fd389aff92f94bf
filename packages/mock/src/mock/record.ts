/**
 * Record mode: every request is forwarded to a real base URL, answered with its response, and
 * written as a stub (secrets redacted) to a YAML file that a later run replays.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect } from 'node:net'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { failure } from '../errors.js'
import type { PlannedResponse } from './faults.js'
import { MockError } from './mock-errors.js'
import type { MockRequest } from './pack.js'
import { isSecretName, REDACTED, redactJson, redactText, redactUrlParams, withoutSecrets } from './redact.js'
import { baseOf, DEFAULT_SCENARIO } from './scenarios.js'
import type { BodyMatcher, ResponseDefinition, StubDefinition } from './stub-model.js'

/** Record options: the base URL to forward to, and where to write the stub file. */
export interface RecordOptions {
  readonly target: string
  /** Folder for `recorded-<time>.yaml` (default: the server's `dir`, else `./mock-recordings`). */
  readonly dir?: string
}

/** A running recorder. */
export interface Recorder {
  readonly target: string
  /** The stub file being written. */
  readonly file: string
  forward(request: MockRequest, url: string): Promise<PlannedResponse>
  /** Stubs recorded so far. */
  stubs(): StubDefinition[]
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'proxy-connection',
  'host',
  'x-mock-scenario',
  'accept-encoding',
])
const KEPT_RESPONSE_HEADERS = new Set([
  'content-type',
  'location',
  'retry-after',
  'www-authenticate',
  'link',
  'etag',
])

/**
 * Checks that the target answers, then returns a recorder writing to `dir`.
 *
 * @example
 * const recorder = await startRecorder({ target: 'https://api.example.com', dir: 'fixtures/mock' })
 */
export async function startRecorder(
  options: RecordOptions & { dir: string },
  timeoutMs = 3000,
): Promise<Recorder> {
  let base: URL
  try {
    base = new URL(options.target)
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http(s)')
  } catch {
    throw new MockError(
      'PGT_MOCK_RECORD_TARGET',
      failure(
        `record from "${options.target}"`,
        'it is not an http(s) URL',
        'Pass a base URL such as https://api.example.com.',
      ),
    )
  }
  await probe(base, timeoutMs)
  mkdirSync(options.dir, { recursive: true })
  const file = join(options.dir, `recorded-${new Date().toISOString().replace(/[:.]/g, '-')}.yaml`)
  const recorded = new Map<string, { stub: StubDefinition; responses: ResponseDefinition[] }>()
  const write = (): void => {
    const stubs = [...recorded.values()].map(toStub)
    writeFileSync(
      file,
      `# Recorded from ${base.origin} by pgtestbed mock; secrets redacted.\n${stringify({ stubs })}`,
    )
  }
  return {
    target: options.target,
    file,
    stubs: () => [...recorded.values()].map(toStub),
    async forward(request, url) {
      let upstream: { status: number; headers: Record<string, string>; body: Buffer }
      try {
        upstream = await send(base, request, url, 30_000)
      } catch (err) {
        const detail = (err as NodeJS.ErrnoException).code ?? (err as Error).message
        return plannedJson(502, {
          error: `record target ${base.origin} did not answer (${detail})`,
          hint: 'Check that the service is up and the --record URL is right.',
        })
      }
      const key = `${baseOf(request.scenario)} ${request.method} ${request.path}?${matchQuery(request.query)} ${JSON.stringify(bodyMatcher(request) ?? '')}`
      let entry = recorded.get(key)
      if (entry === undefined) {
        entry = { stub: stubRequest(request, recorded.size + 1), responses: [] }
        recorded.set(key, entry)
      }
      entry.responses.push(recordResponse(upstream))
      write()
      return upstream
    },
  }
}

function toStub(entry: { stub: StubDefinition; responses: ResponseDefinition[] }): StubDefinition {
  const distinct = new Set(entry.responses.map((r) => JSON.stringify(r)))
  return distinct.size === 1
    ? { ...entry.stub, response: entry.responses[0] }
    : { ...entry.stub, responses: entry.responses, repeat: 'last' }
}

function stubRequest(request: MockRequest, n: number): StubDefinition {
  const query = Object.fromEntries([...request.query].filter(([k]) => !isSecretName(k)))
  const slug = request.path
    .replace(/[^\w]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  // Requests made in a scenario replay only in that scenario (its name prefixes the id).
  const scenario = baseOf(request.scenario)
  const prefix = scenario === DEFAULT_SCENARIO ? '' : `${scenario.replace(/[^\w-]+/g, '-')}-`
  return {
    id: `${prefix}rec-${String(n).padStart(3, '0')}-${request.method.toLowerCase()}-${slug || 'root'}`,
    ...(scenario === DEFAULT_SCENARIO ? {} : { scenario }),
    request: {
      method: request.method,
      path: request.path,
      ...(Object.keys(query).length > 0 ? { query } : {}),
      ...(bodyMatcher(request) === undefined ? {} : { body: bodyMatcher(request) }),
    },
  }
}

/** JSON bodies match loosely on their non-secret fields; form bodies on their non-secret fields. */
function bodyMatcher(request: MockRequest): BodyMatcher | undefined {
  if (request.json !== undefined) return { includesJson: withoutSecrets(request.json) }
  if (
    request.headers['content-type']?.includes('application/x-www-form-urlencoded') &&
    request.rawBody !== ''
  ) {
    const form = [...new URLSearchParams(request.rawBody)].filter(([k]) => !isSecretName(k))
    return form.length === 0 ? undefined : { form: Object.fromEntries(form) }
  }
  return undefined
}

function recordResponse(upstream: {
  status: number
  headers: Record<string, string>
  body: Buffer
}): ResponseDefinition {
  const headers = Object.fromEntries(
    Object.entries(upstream.headers).filter(([k]) => KEPT_RESPONSE_HEADERS.has(k)),
  )
  if (headers['www-authenticate'] !== undefined)
    headers['www-authenticate'] = redactText(headers['www-authenticate'], undefined)
  // An OAuth redirect carries the code (or, in a fragment, tokens) in its Location.
  if (headers['location'] !== undefined) headers['location'] = redactUrlParams(headers['location'])
  const contentType = upstream.headers['content-type']
  const text = upstream.body.toString('utf8')
  const base = { status: upstream.status, headers, template: false }
  if (contentType !== undefined && /[/+]json\b/.test(contentType)) {
    try {
      return { ...base, json: redactJson(JSON.parse(text)) }
    } catch {
      // Not really JSON: keep it as text.
    }
  }
  return text === '' ? base : { ...base, text: redactText(text, contentType) }
}

function matchQuery(query: URLSearchParams): string {
  return [...query].map(([k, v]) => `${k}=${isSecretName(k) ? REDACTED : v}`).join('&')
}

function send(
  base: URL,
  request: MockRequest,
  url: string,
  timeoutMs: number,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const basePath = base.pathname.replace(/\/$/, '')
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(request.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v
  headers['accept-encoding'] = 'identity'
  const body = Buffer.from(request.rawBody)
  if (body.length > 0) headers['content-length'] = String(body.length)
  const q = url.indexOf('?')
  const path = `${basePath}${request.path}${q === -1 ? '' : url.slice(q)}`
  const doRequest = base.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = doRequest(
      {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        method: request.method,
        path,
        headers,
        timeout: timeoutMs,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const out: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) })
        })
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })))
    req.on('error', reject)
    req.end(body)
  })
}

function probe(base: URL, timeoutMs: number): Promise<void> {
  const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80))
  return new Promise((resolve, reject) => {
    const socket = connect({ host: base.hostname, port })
    const fail = (why: string): void => {
      socket.destroy()
      reject(
        new MockError(
          'PGT_MOCK_RECORD_TARGET',
          failure(
            `record from ${base.origin}`,
            `it does not answer (${why})`,
            'Start the service, or check the --record URL (scheme, host and port).',
          ),
        ),
      )
    }
    socket.setTimeout(timeoutMs, () => fail(`no connection within ${timeoutMs} ms`))
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message))
    socket.once('connect', () => {
      socket.destroy()
      resolve()
    })
  })
}

function plannedJson(status: number, body: unknown): PlannedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(body)),
  }
}
