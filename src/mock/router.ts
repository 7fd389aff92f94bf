/**
 * The router: holds the stubs in match order and finds the one that answers a request in a
 * scenario; explains near misses when none does.
 * @module
 */
import type { Stub } from './compiled-stub.js'
import { INITIAL_STATE, type ScenarioState } from './scenarios.js'

/** The parts of a request that stubs match on. */
export interface MatchableRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  readonly rawBody: string
  readonly json: unknown
}

/** A stub that matched, with the path params it captured. */
export interface RouteMatch {
  readonly stub: Stub
  readonly params: Readonly<Record<string, string>>
}

/** A stub that did not match, and why. */
export interface NearMiss {
  readonly id: string
  readonly reasons: readonly string[]
}

/** Stubs in match order: priority (lower first), scenario-specific before shared, latest added first. */
export class Router {
  #stubs: Stub[] = []

  list(): readonly Stub[] {
    return this.#stubs
  }

  get(id: string): Stub | undefined {
    return this.#stubs.find((s) => s.id === id)
  }

  /** Replaces the whole set (used by reset). */
  replace(stubs: readonly Stub[]): void {
    this.#stubs = sortStubs([...stubs])
  }

  add(stub: Stub): void {
    this.#stubs = sortStubs([...this.#stubs.filter((s) => s.id !== stub.id), stub])
  }

  remove(id: string): boolean {
    const before = this.#stubs.length
    this.#stubs = this.#stubs.filter((s) => s.id !== id)
    return this.#stubs.length < before
  }

  /** The first stub that answers `req` in `scenario`, or undefined. Does not change state. */
  match(req: MatchableRequest, scenario: ScenarioState): RouteMatch | undefined {
    for (const stub of this.#stubs) {
      const params = check(stub, req, scenario, undefined)
      if (params !== undefined) return { stub, params }
    }
    return undefined
  }

  /** The `limit` stubs closest to matching `req`, with every reason each did not match. */
  nearMisses(req: MatchableRequest, scenario: ScenarioState, limit = 3): NearMiss[] {
    const misses = this.#stubs.map((stub) => {
      const reasons: string[] = []
      check(stub, req, scenario, reasons)
      return {
        id: stub.id,
        reasons,
        weight: weigh(reasons),
        shared: sharedPrefix(stub.path.source, req.path),
      }
    })
    return misses
      .filter((m) => m.reasons.length > 0)
      .sort((a, b) => a.weight - b.weight || b.shared - a.shared)
      .slice(0, limit)
      .map(({ id, reasons }) => ({ id, reasons }))
  }
}

/** Records that `stub` answered in `scenario`: counts it and moves its state machine. */
export function markServed(stub: Stub, scenario: ScenarioState): number {
  const served = scenario.served.get(stub.id) ?? 0
  scenario.served.set(stub.id, served + 1)
  if (stub.state?.next !== undefined) scenario.machines.set(stub.state.machine, stub.state.next)
  return served
}

function check(
  stub: Stub,
  req: MatchableRequest,
  scenario: ScenarioState,
  reasons: string[] | undefined,
): Readonly<Record<string, string>> | undefined {
  // Fast path (reasons undefined): stop at the first failed condition.
  const fail = (reason: string): boolean => {
    reasons?.push(reason)
    return reasons === undefined
  }
  if (stub.scenarios !== undefined && !stub.scenarios.includes(scenario.base)) {
    if (fail(`scenario: only for ${stub.scenarios.join(', ')}, request is in ${scenario.base}`))
      return undefined
  }
  if (stub.methods !== undefined && !stub.methods.includes(req.method)) {
    if (fail(`method: expected ${stub.methods.join(' or ')}, got ${req.method}`)) return undefined
  }
  const params = stub.path.match(req.path)
  if (params === undefined && fail(`path: ${req.path} does not match ${stub.path.source}`)) return undefined
  for (const q of stub.query) {
    const why = q.test(req.query.get(q.name) ?? undefined)
    if (why !== undefined && fail(`query ${why}`)) return undefined
  }
  for (const h of stub.headers) {
    const why = h.test(req.headers[h.name])
    if (why !== undefined && fail(`header ${why}`)) return undefined
  }
  for (const b of stub.body) {
    const why = b.test(req.rawBody, req.json)
    if (why !== undefined && fail(why)) return undefined
  }
  if (stub.state?.is !== undefined) {
    const current = scenario.machines.get(stub.state.machine) ?? INITIAL_STATE
    if (
      !stub.state.is.includes(current) &&
      fail(
        `state: machine ${stub.state.machine} is "${current}", stub needs ${stub.state.is.map((s) => `"${s}"`).join(' or ')}`,
      )
    ) {
      return undefined
    }
  }
  if (stub.times !== undefined) {
    const served = scenario.served.get(stub.id) ?? 0
    if (
      served >= stub.times &&
      fail(`times: already served ${served} of ${stub.times} times in scenario ${scenario.id}`)
    )
      return undefined
  }
  if (reasons !== undefined && reasons.length > 0) return undefined
  return params
}

// Scenario and method mismatches are "far"; a wrong header or body is "near".
function weigh(reasons: readonly string[]): number {
  return reasons.reduce(
    (sum, r) => sum + (r.startsWith('scenario') ? 4 : r.startsWith('method') || r.startsWith('path') ? 3 : 1),
    0,
  )
}

function sharedPrefix(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

function sortStubs(stubs: Stub[]): Stub[] {
  return stubs.sort(
    (a, b) =>
      a.priority - b.priority ||
      Number(b.scenarios !== undefined) - Number(a.scenarios !== undefined) ||
      b.order - a.order,
  )
}
