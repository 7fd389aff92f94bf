import { describe, expect, it } from 'vitest'
import type { MockRequest, PackContext } from '../../../src/mock/pack.js'
import { takeThrottle } from '../../../src/mock/packs/shared/throttle.js'

const request = (path: string, method = 'POST'): MockRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: {},
  rawBody: '',
  json: undefined,
  scenario: 'default',
})

describe('scenario-driven throttling', () => {
  it('throttles the first N matching requests, with an escalating Retry-After, then lets them through', () => {
    const ctx: PackContext = {
      scenario: 'default',
      state: new Map(),
      data: { throttle: [{ path: 'getSchedule', times: 4, retryAfter: [1, 5, 30] }] },
      now: () => new Date(),
      baseUrl: 'http://127.0.0.1:1',
    }
    const seen = Array.from(
      { length: 5 },
      () => takeThrottle(request('/v1.0/me/calendar/getSchedule'), ctx)?.retryAfter ?? 'passed',
    )
    expect(seen).toEqual([1, 5, 30, 30, 'passed'])
    expect(takeThrottle(request('/v1.0/me/events'), ctx)).toBeUndefined()
  })

  it('matches on method and keeps its count in the scenario state (a reset scenario starts over)', () => {
    const data = { throttle: [{ method: 'GET', times: 1, status: 403, code: 'quota' }] }
    const ctx = (state: Map<string, unknown>): PackContext => ({
      scenario: 's',
      state,
      data,
      now: () => new Date(),
      baseUrl: 'x',
    })
    const state = new Map<string, unknown>()
    expect(takeThrottle(request('/a', 'POST'), ctx(state))).toBeUndefined()
    expect(takeThrottle(request('/a', 'GET'), ctx(state))).toEqual({ status: 403, code: 'quota' })
    expect(takeThrottle(request('/a', 'GET'), ctx(state))).toBeUndefined()
    expect(takeThrottle(request('/a', 'GET'), ctx(new Map()))).toMatchObject({ status: 403 })
  })
})
