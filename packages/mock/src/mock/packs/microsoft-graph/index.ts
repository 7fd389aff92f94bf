/**
 * The `microsoft-graph` pack: Microsoft Graph v1.0 calendar availability on its real paths (so
 * `@microsoft/microsoft-graph-client` works with only `baseUrl` changed): `POST /v1.0/me/calendar/getSchedule`,
 * `POST /v1.0/users/:id/calendar/getSchedule`, `POST /v1.0/me/events` and `/v1.0/users/:id/events`; Graph's error
 * envelope, 401 `InvalidAuthenticationToken` from the `oauth2` pack's token state, 403 for tokens without a
 * Calendars scope, and 429 throttling with `Retry-After` from scenario data (default 1 second).
 * @module
 */
import type { MockPack, MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, bearerToken, matchPath } from '../shared/request-helpers.js'
import { takeThrottle } from '../shared/throttle.js'
import { checkBearer } from '../shared/token-registry.js'
import { handleCreateEvent } from './events-create.js'
import { handleGetSchedule } from './get-schedule.js'
import { type GraphScenarioState, type GraphUser, graphState } from './graph-data.js'
import { graphError, invalidToken } from './graph-errors.js'

function scopeAllows(scope: readonly string[], write: boolean): boolean {
  return scope.some((s) => {
    const name = s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase()
    return name === '.default' || (name.startsWith('calendars.') && (!write || name.includes('readwrite')))
  })
}

function route(
  path: string,
): { readonly user: 'me' | string; readonly action: 'getSchedule' | 'events' } | undefined {
  for (const [template, action] of [
    ['/v1.0/me/calendar/getSchedule', 'getSchedule'],
    ['/v1.0/me/events', 'events'],
    ['/v1.0/me/calendar/events', 'events'],
  ] as const) {
    if (path === template) return { user: 'me', action }
  }
  for (const [template, action] of [
    ['/v1.0/users/:id/calendar/getSchedule', 'getSchedule'],
    ['/v1.0/users/:id/events', 'events'],
    ['/v1.0/users/:id/calendar/events', 'events'],
  ] as const) {
    const params = matchPath(template, path)
    if (params !== undefined) return { user: params['id']!, action }
  }
  return undefined
}

function findUser(state: GraphScenarioState, who: string): GraphUser | undefined {
  return state.users.get((who === 'me' ? (state.me ?? '') : who).toLowerCase())
}

/**
 * Creates the pack.
 *
 * @example
 * const graph = Client.initWithMiddleware({ authProvider, baseUrl: `${mock.url}/` })
 */
export function createMicrosoftGraphPack(): MockPack {
  function handle(req: MockRequest, ctx: PackContext): MockResponse | undefined {
    if (req.method !== 'POST' || !req.path.startsWith('/v1.0/')) return undefined
    const target = route(req.path)
    if (target === undefined) return undefined
    const now = ctx.now()
    const check = checkBearer({
      baseUrl: ctx.baseUrl,
      scenario: ctx.scenario,
      token: bearerToken(req),
      now,
      listed: asRecord(asRecord(ctx.data)['tokens']),
    })
    if (check.kind === 'refused') return invalidToken(req, now, check.reason)
    if (check.record !== undefined && !scopeAllows(check.record.scope, target.action === 'events')) {
      return graphError(
        req,
        now,
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      )
    }
    const throttled = takeThrottle(req, ctx)
    if (throttled !== undefined) {
      return graphError(
        req,
        now,
        throttled.status,
        throttled.code ?? 'activityLimitReached',
        throttled.message ?? 'The request has been throttled',
        { 'retry-after': String(throttled.retryAfter ?? 1) },
        'throttledRequest',
      )
    }
    const state = graphState(ctx)
    const user = findUser(state, target.user)
    if (user === undefined) {
      if (target.action === 'getSchedule' && target.user === 'me' && state.me === undefined)
        return handleGetSchedule(req, ctx, state)
      return graphError(req, now, 404, 'ErrorInvalidUser', `The requested user '${target.user}' is invalid.`)
    }
    return target.action === 'getSchedule'
      ? handleGetSchedule(req, ctx, state)
      : handleCreateEvent(req, ctx, state, user)
  }
  return { name: 'microsoft-graph', handle }
}
