/**
 * The admin API under `/__admin`: stubs, scenarios (state, faults, bindings), journal, clock and
 * reset, over HTTP. Every route calls the same functions as the library handle.
 * @module
 */

import { MockError } from '../errors.js'
import type { MockClock } from './clock.js'
import type { PlannedResponse } from './faults.js'
import { json } from './http-plumbing.js'
import type { Journal, RequestFilter } from './journal.js'
import type { MockScenariosApi, MockStubsApi } from './mock-api.js'

/** What the admin routes work on. */
export interface AdminTarget {
  readonly stubs: MockStubsApi
  readonly scenarios: MockScenariosApi
  readonly journal: Journal
  readonly clock: MockClock
  reset(): void
}

/** The routes, for `GET /__admin`. */
export const ADMIN_ROUTES = [
  'GET    /__admin/stubs',
  'POST   /__admin/stubs                      body: a stub, a list, or { stubs: [...] }',
  'DELETE /__admin/stubs/<id>',
  'POST   /__admin/stubs/reset',
  'GET    /__admin/scenarios',
  'POST   /__admin/scenarios                  body: { name } (declare)',
  'POST   /__admin/scenarios/reset',
  'POST   /__admin/scenarios/<id>/reset',
  'PUT    /__admin/scenarios/<id>/state       body: { state, machine? }',
  'PUT    /__admin/scenarios/<id>/faults      body: { faults: [...] }',
  'POST   /__admin/scenarios/<id>/bind        body: { header, value } or { remoteAddress }',
  'DELETE /__admin/scenarios/<id>/bind',
  'DELETE /__admin/bindings',
  'GET    /__admin/journal?method=&path=&scenario=&stub=&pack=&status=',
  'GET    /__admin/journal/unmatched',
  'POST   /__admin/journal/count              body: { method?, path?, scenario?, stub?, pack?, status? }',
  'DELETE /__admin/journal?scenario=',
  'GET    /__admin/clock',
  'POST   /__admin/clock                      body: { set: ISO } or { advanceMs } or { reset: true }',
  'POST   /__admin/reset                      stubs, scenarios, bindings, faults set at run time, journal, clock',
]

/**
 * Handles one admin request; `path` is below `/__admin`.
 *
 * @example
 * await handleAdmin(target, 'GET', '/stubs', new URLSearchParams(), '')
 */
export function handleAdmin(
  target: AdminTarget,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
): PlannedResponse {
  let body: unknown
  try {
    body = rawBody.trim() === '' ? {} : JSON.parse(rawBody)
  } catch (err) {
    return json(400, { error: `malformed JSON request body: ${(err as Error).message}` })
  }
  try {
    return route(target, method, path.replace(/\/$/, ''), query, body as Record<string, unknown>)
  } catch (err) {
    if (err instanceof MockError) {
      const status = err.code === 'PGT_MOCK_NOT_FOUND' ? 404 : 400
      return json(status, {
        error: err.message,
        code: err.code,
        ...('problems' in err ? { problems: err.problems } : {}),
      })
    }
    return json(400, { error: (err as Error).message })
  }
}

function route(
  t: AdminTarget,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Record<string, unknown>,
): PlannedResponse {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent)
  const [area, id, action] = parts
  const key = `${method} ${area ?? ''}${id === undefined ? '' : action === undefined ? ' :id' : ` :id ${action}`}`
  switch (key) {
    case 'GET ':
      return json(200, { routes: ADMIN_ROUTES })
    case 'GET stubs':
      return json(200, { stubs: t.stubs.list() })
    case 'POST stubs': {
      const input = Array.isArray(body) ? body : Array.isArray(body['stubs']) ? body['stubs'] : body
      return json(201, { ids: t.stubs.add(input as never) })
    }
    case 'POST stubs :id':
      if (id === 'reset') {
        t.stubs.reset()
        return json(200, { reset: 'stubs' })
      }
      break
    case 'DELETE stubs :id':
      t.stubs.remove(id as string)
      return json(200, { removed: id })
    case 'GET scenarios':
      return json(200, {
        known: t.scenarios.known(),
        scenarios: t.scenarios.list(),
        bindings: t.scenarios.bindings(),
      })
    case 'POST scenarios':
      if (typeof body['name'] !== 'string')
        return json(400, { error: 'body must be { "name": "<scenario>" }' })
      t.scenarios.declare(body['name'])
      return json(201, { declared: body['name'] })
    case 'POST scenarios :id':
      if (id === 'reset') {
        t.scenarios.reset()
        return json(200, { reset: 'all scenarios' })
      }
      break
    case 'POST scenarios :id reset':
      t.scenarios.reset(id)
      return json(200, { reset: id })
    case 'PUT scenarios :id state':
      if (typeof body['state'] !== 'string')
        return json(400, { error: 'body must be { "state": "<name>", "machine"?: "<name>" }' })
      t.scenarios.setState(
        id as string,
        body['state'],
        typeof body['machine'] === 'string' ? body['machine'] : undefined,
      )
      return json(200, { scenario: id, state: body['state'] })
    case 'PUT scenarios :id faults':
      if (!Array.isArray(body['faults'])) return json(400, { error: 'body must be { "faults": [ ... ] }' })
      t.scenarios.setFaults(id as string, body['faults'])
      return json(200, { scenario: id, faults: body['faults'].length })
    case 'POST scenarios :id bind':
      if (typeof body['header'] === 'string' && typeof body['value'] === 'string')
        t.scenarios.bind(id as string, { header: body['header'], value: body['value'] })
      else if (typeof body['remoteAddress'] === 'string')
        t.scenarios.bind(id as string, { remoteAddress: body['remoteAddress'] })
      else
        return json(400, {
          error: 'body must be { "header": "<name>", "value": "<value>" } or { "remoteAddress": "<ip>" }',
        })
      return json(200, { bound: id })
    case 'DELETE scenarios :id bind':
      t.scenarios.unbind(id)
      return json(200, { unbound: id })
    case 'DELETE bindings':
      t.scenarios.unbind()
      return json(200, { unbound: 'all' })
    case 'GET journal':
      return json(200, { entries: t.journal.entries(filterFrom(Object.fromEntries(query))) })
    case 'GET journal :id':
      if (id === 'unmatched') return json(200, { entries: t.journal.unmatched() })
      break
    case 'POST journal :id':
      if (id === 'count') return json(200, { count: t.journal.count(filterFrom(body)) })
      break
    case 'DELETE journal':
      t.journal.clear(query.get('scenario') ?? undefined)
      return json(200, { cleared: query.get('scenario') ?? 'all' })
    case 'GET clock':
      return json(200, { now: t.clock.now().toISOString() })
    case 'POST clock':
      if (body['reset'] === true) t.clock.reset()
      else if (typeof body['set'] === 'string') t.clock.set(body['set'])
      else if (typeof body['advanceMs'] === 'number') t.clock.advance(body['advanceMs'])
      else
        return json(400, {
          error: 'body must be { "set": "<ISO time>" }, { "advanceMs": <n> } or { "reset": true }',
        })
      return json(200, { now: t.clock.now().toISOString() })
    case 'POST reset':
      t.reset()
      return json(200, { reset: 'everything' })
  }
  return json(404, { error: `no admin route ${method} /__admin${path}`, routes: ADMIN_ROUTES })
}

function filterFrom(raw: Record<string, unknown>): RequestFilter {
  const pick = (k: string): string | undefined =>
    typeof raw[k] === 'string' ? (raw[k] as string) : undefined
  const status = raw['status'] === undefined ? undefined : Number(raw['status'])
  return {
    method: pick('method'),
    path: pick('path'),
    scenario: pick('scenario'),
    stub: pick('stub'),
    pack: pick('pack'),
    status,
  }
}
