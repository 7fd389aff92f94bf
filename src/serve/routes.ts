/**
 * The service's routes: IntegreSQL's API (`/api/v1/…`, so existing clients work unchanged) and
 * pgtestbed's short route (`/pgtestbed/v1/…`). Every route needs the secret: as
 * `Authorization: Bearer <token>`, or as a `/t/<token>` path prefix for clients that cannot
 * send headers (IntegreSQL clients take only a base URL).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { bearerOf, secretMatches } from '../internal/http-auth.js'
import { HttpError } from './http-error.js'
import type { IntegreTemplates } from './integresql-templates.js'
import type { ProjectDatabases, ReleasedTest } from './project-databases.js'

export interface RouteContext {
  readonly token: string
  /** Resolves once the testbed is up (requests wait for it). */
  readonly ready: Promise<{ readonly templates: IntegreTemplates; readonly project: ProjectDatabases }>
  readonly status: () => Record<string, unknown>
}

type Answer = { status: number; body?: unknown }

/** Handles one request; never throws (errors become JSON answers). */
export async function handleRequest(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let answer: Answer
  try {
    answer = await route(ctx, req)
  } catch (err) {
    answer =
      err instanceof HttpError
        ? { status: err.status, body: { message: err.message } }
        : { status: 500, body: { message: err instanceof Error ? err.message : String(err) } }
  }
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  if (answer.status === 401) headers['www-authenticate'] = 'Bearer realm="pgtestbed-serve"'
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end()
    return
  }
  const text = JSON.stringify(answer.body)
  headers['content-type'] = 'application/json'
  headers['content-length'] = String(Buffer.byteLength(text))
  res.writeHead(answer.status, headers).end(text)
}

async function route(ctx: RouteContext, req: IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://serve')
  let path = url.pathname.replace(/\/+/g, '/')
  let given = bearerOf(req.headers.authorization)
  const prefixed = /^\/t\/([^/]+)(\/.*)$/.exec(path)
  if (prefixed !== null) {
    given ??= prefixed[1]
    path = prefixed[2] ?? '/'
  }
  if (!secretMatches(given, ctx.token)) {
    req.resume()
    throw new HttpError(
      401,
      'a token is required: send "Authorization: Bearer <token>" or use the base URL from the state file',
    )
  }
  const method = req.method ?? 'GET'
  const body = method === 'POST' || method === 'PUT' ? await readJson(req) : drain(req)
  if (method === 'GET' && path === '/pgtestbed/v1/status') return { status: 200, body: ctx.status() }
  const { templates, project } = await ctx.ready
  const parts = path.split('/').filter((p) => p !== '')
  const [a, b, c, hashPart, d, idPart, action] = parts
  if (a === 'api' && b === 'v1') {
    if (c === 'admin' && hashPart === 'templates' && parts.length === 4 && method === 'DELETE') {
      await templates.discardAll()
      return { status: 204 }
    }
    if (c !== 'templates') throw notFound(method, path)
    if (parts.length === 3 && method === 'POST') {
      return { status: 200, body: await templates.initialize(field(body, 'hash')) }
    }
    const hash = decodeURIComponent(hashPart ?? '')
    if (parts.length === 4 && method === 'PUT') return noContent(templates.finalize(hash))
    if (parts.length === 4 && method === 'DELETE') return noContent(templates.discard(hash))
    if (parts.length === 5 && d === 'tests' && method === 'GET')
      return { status: 200, body: await templates.testDatabase(hash) }
    if (d === 'tests' && idPart !== undefined) {
      const id = testId(idPart)
      const giveBack =
        (parts.length === 6 && method === 'DELETE') ||
        (parts.length === 7 && method === 'POST' && (action === 'unlock' || action === 'recreate'))
      if (giveBack) return noContent(templates.giveBack(hash, id))
    }
    throw notFound(method, path)
  }
  if (a === 'pgtestbed' && b === 'v1' && c === 'databases') {
    if (parts.length === 3 && method === 'POST') return { status: 200, body: await project.acquire() }
    // /pgtestbed/v1/databases/:id/release
    if (parts.length === 5 && parts[4] === 'release' && method === 'POST') {
      const given = body as { outcome?: unknown; test?: unknown } | undefined
      const outcome = given?.outcome ?? 'passed'
      if (outcome !== 'passed' && outcome !== 'failed')
        throw new HttpError(400, `"outcome" must be "passed" or "failed", got ${JSON.stringify(outcome)}`)
      const test = given?.test === undefined ? undefined : releasedTest(given.test)
      return { status: 200, body: await project.release(testId(hashPart ?? ''), outcome, test) }
    }
  }
  throw notFound(method, path)
}

async function noContent(work: Promise<void>): Promise<Answer> {
  await work
  return { status: 204 }
}

/** A body nobody reads must still be consumed, or the keep-alive connection stalls. */
function drain(req: IncomingMessage): undefined {
  req.resume()
  return undefined
}

function notFound(method: string, path: string): HttpError {
  return new HttpError(404, `no route ${method} ${path}`)
}

function testId(text: string): number {
  if (!/^\d+$/.test(text)) throw new HttpError(400, 'invalid test database ID')
  return Number(text)
}

/** A release's `test`: `{ name, file?, line?, suites?, acquireMs, bodyMs }`, checked field by field. */
function releasedTest(value: unknown): ReleasedTest {
  const bad = (why: string): HttpError =>
    new HttpError(
      400,
      `"test" ${why}; send { "name": "...", "acquireMs": 1.5, "bodyMs": 12 } (file, line, suites optional)`,
    )
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('must be an object')
  // null stands for "not known" (e.g. Python's None) as absence does.
  const t = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
  if (typeof t['name'] !== 'string' || t['name'] === '') throw bad('needs a name')
  for (const key of ['acquireMs', 'bodyMs'])
    if (typeof t[key] !== 'number' || !Number.isFinite(t[key]) || (t[key] as number) < 0)
      throw bad(`needs ${key} as milliseconds ≥ 0`)
  if (t['file'] !== undefined && typeof t['file'] !== 'string') throw bad('has a file that is not a string')
  if (t['line'] !== undefined && !Number.isInteger(t['line']))
    throw bad('has a line that is not a whole number')
  const suites = t['suites']
  if (suites !== undefined && !(Array.isArray(suites) && suites.every((s) => typeof s === 'string')))
    throw bad('has suites that are not a list of strings')
  return {
    name: t['name'],
    file: t['file'] as string | undefined,
    line: t['line'] as number | undefined,
    ...(suites === undefined ? {} : { suites: suites as string[] }),
    acquireMs: t['acquireMs'] as number,
    bodyMs: t['bodyMs'] as number,
  }
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${name} is required`)
  return value
}

const MAX_BODY = 64 * 1024

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new HttpError(413, `the request body is larger than ${MAX_BODY} bytes`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HttpError(400, 'the request body is not JSON')
  }
}
