/**
 * Scenario-driven throttling for API packs: "the first N matching requests get a 429 with Retry-After".
 *
 * Scenario data: `throttle: [{ path: '/freeBusy', times: 2, retryAfter: 1 }]` — `path` is a substring of the
 * request path (any path when absent), `times` defaults to 1, `retryAfter` (seconds) is sent when given — a list
 * escalates (`[1, 5, 30]`: the first 429 says 1, the second 5, the rest 30), `status`
 * (default 429), `code`/`message` override the provider's error.
 * @module
 */
import type { MockRequest, PackContext } from '../../pack.js'
import { asArray, asRecord, asString } from './request-helpers.js'

/** A throttle rule that fired: send a 429 with this Retry-After (seconds), if any. */
export interface Throttled {
  /** 429 unless the rule says otherwise (Google also throttles with 403 `rateLimitExceeded`). */
  readonly status: number
  readonly retryAfter?: number
  readonly code?: string
  readonly message?: string
}

/**
 * Returns the throttle to apply to this request, counting it against the rule, or `undefined`.
 *
 * @example
 * const hit = takeThrottle(req, ctx)
 * if (hit) return { status: 429, headers: { 'retry-after': String(hit.retryAfter ?? 1) }, body: {...} }
 */
export function takeThrottle(req: MockRequest, ctx: PackContext): Throttled | undefined {
  const rules = asArray(asRecord(ctx.data)['throttle'])
  for (let i = 0; i < rules.length; i++) {
    const rule = asRecord(rules[i])
    const path = asString(rule['path'])
    if (path !== undefined && !req.path.includes(path)) continue
    const method = asString(rule['method'])
    if (method !== undefined && method.toUpperCase() !== req.method) continue
    const times = typeof rule['times'] === 'number' ? rule['times'] : 1
    const key = `throttle:${i}`
    const used = (ctx.state.get(key) as number | undefined) ?? 0
    if (used >= times) continue
    ctx.state.set(key, used + 1)
    return {
      status: typeof rule['status'] === 'number' ? rule['status'] : 429,
      ...retryAfterFor(rule['retryAfter'], used),
      ...(asString(rule['code']) !== undefined ? { code: asString(rule['code'])! } : {}),
      ...(asString(rule['message']) !== undefined ? { message: asString(rule['message'])! } : {}),
    }
  }
  return undefined
}

/** The Retry-After of the `used`-th throttled request: a number, or the n-th of an escalating list. */
function retryAfterFor(value: unknown, used: number): { retryAfter?: number } {
  if (typeof value === 'number') return { retryAfter: value }
  if (Array.isArray(value) && value.length > 0) {
    const pick = value[Math.min(used, value.length - 1)]
    return typeof pick === 'number' ? { retryAfter: pick } : {}
  }
  return {}
}
