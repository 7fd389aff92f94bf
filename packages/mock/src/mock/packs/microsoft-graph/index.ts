/**
 * The `microsoft-graph` pack: Microsoft Graph v1.0 calendar on its real paths (so
 * `@microsoft/microsoft-graph-client` works with only `baseUrl` changed): `GET /v1.0/me`, `GET /v1.0/me/calendar`,
 * `POST …/calendar/getSchedule`, `POST …/events`, `GET|PATCH|DELETE …/events/{id}`, `GET …/calendarView` (for
 * `me` and `users/{id}`; all on one per-scenario state, and the signed-in user always exists); Graph's error
 * envelope, 401 `InvalidAuthenticationToken` from the `oauth2` pack's token state, 403 for tokens without the
 * scope the call needs, and 429 throttling with `Retry-After` from scenario data (default 1 second).
 * @module
 */
import type { MockPack, MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asRecord, bearerToken, matchPath } from '../shared/request-helpers.js'
import { takeThrottle } from '../shared/throttle.js'
import { checkBearer } from '../shared/token-registry.js'
import { handleCalendarView } from './calendar-view.js'
import { handleCreateEvent } from './events-create.js'
import { handleEventItem } from './events-item.js'
import { handleGetSchedule } from './get-schedule.js'
import { type GraphScenarioState, type GraphUser, graphState } from './graph-data.js'
import { graphError, invalidToken } from './graph-errors.js'
import { calendarResource, userResource } from './me.js'

type Action = 'getSchedule' | 'events' | 'event' | 'calendarView' | 'user' | 'calendar'

/** What each action needs of a token's scope: a Calendars scope (read or write), or a User one for /me. */
function scopeAllows(scope: readonly string[], action: Action, method: string): boolean {
  return scope.some((s) => {
    const name = s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase()
    if (name === '.default') return true
    if (action === 'user') return name.startsWith('user.') || name.startsWith('directory.')
    const write = method !== 'GET' && action !== 'getSchedule'
    return name.startsWith('calendars.') && (!write || name.includes('readwrite'))
  })
}

/** The paths after `/v1.0/me` or `/v1.0/users/{id}`, with the method each answers. */
const ROUTES: readonly (readonly [string, Action, readonly string[]])[] = [
  ['', 'user', ['GET']],
  ['/calendar', 'calendar', ['GET']],
  ['/calendar/getSchedule', 'getSchedule', ['POST']],
  ['/events', 'events', ['POST']],
  ['/calendar/events', 'events', ['POST']],
  ['/events/:eventId', 'event', ['GET', 'PATCH', 'DELETE']],
  ['/calendar/events/:eventId', 'event', ['GET', 'PATCH', 'DELETE']],
  ['/calendarView', 'calendarView', ['GET']],
  ['/calendar/calendarView', 'calendarView', ['GET']],
]

function route(
  method: string,
  path: string,
): { readonly user: string; readonly action: Action; readonly eventId?: string } | undefined {
  for (const [rest, action, methods] of ROUTES) {
    if (!methods.includes(method)) continue
    const me = matchPath(`/v1.0/me${rest}`, path)
    const other = me === undefined ? matchPath(`/v1.0/users/:userId${rest}`, path) : undefined
    const params = me ?? other
    if (params === undefined) continue
    const eventId = params['eventId']
    return {
      user: me !== undefined ? 'me' : params['userId']!,
      action,
      ...(eventId !== undefined ? { eventId } : {}),
    }
  }
  return undefined
}

function findUser(state: GraphScenarioState, who: string): GraphUser | undefined {
  return state.users.get((who === 'me' ? state.me : who).toLowerCase())
}

/**
 * Creates the pack.
 *
 * @example
 * const graph = Client.initWithMiddleware({ authProvider, baseUrl: `${mock.url}/` })
 */
export function createMicrosoftGraphPack(): MockPack {
  function handle(req: MockRequest, ctx: PackContext): MockResponse | undefined {
    if (!req.path.startsWith('/v1.0/')) return undefined
    const target = route(req.method, req.path)
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
    if (check.record !== undefined && !scopeAllows(check.record.scope, target.action, req.method)) {
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
      if (target.action === 'user')
        return graphError(
          req,
          now,
          404,
          'Request_ResourceNotFound',
          `Resource '${target.user}' does not exist or one of its queried reference-property objects are not present.`,
        )
      return graphError(req, now, 404, 'ErrorInvalidUser', `The requested user '${target.user}' is invalid.`)
    }
    switch (target.action) {
      case 'user':
        return { status: 200, body: userResource(user) }
      case 'calendar':
        return { status: 200, body: calendarResource(user) }
      case 'getSchedule':
        return handleGetSchedule(req, ctx, state)
      case 'events':
        return handleCreateEvent(req, ctx, state, user)
      case 'event':
        return handleEventItem(req, ctx, user, target.eventId!)
      case 'calendarView':
        return handleCalendarView(req, ctx, user)
    }
  }
  return { name: 'microsoft-graph', handle }
}
