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
  // Per scenario name, the stubs that apply to it (in match order); rebuilt after any change.
  #byScenario = new Map<string, Stub[]>()

  list(): readonly Stub[] {
    return this.#stubs
  }

  get(id: string): Stub | undefined {
    return this.#stubs.find((s) => s.id === id)
  }

  /** Replaces the whole set (used by reset). */
  replace(stubs: readonly Stub[]): void {
    this.#set([...stubs])
  }

  add(stub: Stub): void {
    this.#set([...this.#stubs.filter((s) => s.id !== stub.id), stub])
  }

  remove(id: string): boolean {
    const before = this.#stubs.length
    this.#set(this.#stubs.filter((s) => s.id !== id))
    return this.#stubs.length < before
  }

  /** The first stub that answers `req` in `scenario`, or undefined. Does not change state. */
  match(req: MatchableRequest, scenario: ScenarioState): RouteMatch | undefined {
    let candidates = this.#byScenario.get(scenario.base)
    if (candidates === undefined) {
      candidates = this.#stubs.filter((s) => s.scenarios === undefined || s.scenarios.includes(scenario.base))
      this.#byScenario.set(scenario.base, candidates)
    }
    for (const stub of candidates) {
      const params = matches(stub, req, scenario)
      if (params !== undefined) return { stub, params }
    }
    return undefined
  }

  /** The `limit` stubs closest to matching `req`, with every reason each did not match. */
  nearMisses(req: MatchableRequest, scenario: ScenarioState, limit = 3): NearMiss[] {
    const misses = this.#stubs.map((stub) => {
      const reasons = explain(stub, req, scenario)
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

  #set(stubs: Stub[]): void {
    this.#stubs = sortStubs(stubs)
    this.#byScenario.clear()
  }
}

/** Records that `stub` answered in `scenario`: counts it and moves its state machine. */
export function markServed(stub: Stub, scenario: ScenarioState): number {
  const served = scenario.served.get(stub.id) ?? 0
  scenario.served.set(stub.id, served + 1)
  if (stub.state?.next !== undefined) scenario.machines.set(stub.state.machine, stub.state.next)
  return served
}

// The hot path: no allocation beyond the params object; scenario is pre-filtered by the caller.
function matches(
  stub: Stub,
  req: MatchableRequest,
  scenario: ScenarioState,
): Readonly<Record<string, string>> | undefined {
  if (stub.methods !== undefined && !stub.methods.includes(req.method)) return undefined
  const params = stub.path.match(req.path)
  if (params === undefined) return undefined
  for (const q of stub.query) if (q.test(req.query.get(q.name) ?? undefined) !== undefined) return undefined
  for (const h of stub.headers) if (h.test(req.headers[h.name]) !== undefined) return undefined
  for (const b of stub.body) if (b.test(req.rawBody, req.json) !== undefined) return undefined
  if (
    stub.state?.is !== undefined &&
    !stub.state.is.includes(scenario.machines.get(stub.state.machine) ?? INITIAL_STATE)
  ) {
    return undefined
  }
  if (stub.times !== undefined && (scenario.served.get(stub.id) ?? 0) >= stub.times) return undefined
  return params
}

// The slow path for 404s: every reason a stub did not match.
function explain(stub: Stub, req: MatchableRequest, scenario: ScenarioState): string[] {
  const reasons: string[] = []
  if (stub.scenarios !== undefined && !stub.scenarios.includes(scenario.base)) {
    reasons.push(`scenario: only for ${stub.scenarios.join(', ')}, request is in ${scenario.base}`)
  }
  if (stub.methods !== undefined && !stub.methods.includes(req.method)) {
    reasons.push(`method: expected ${stub.methods.join(' or ')}, got ${req.method}`)
  }
  if (stub.path.match(req.path) === undefined)
    reasons.push(`path: ${req.path} does not match ${stub.path.source}`)
  for (const q of stub.query) {
    const why = q.test(req.query.get(q.name) ?? undefined)
    if (why !== undefined) reasons.push(`query ${why}`)
  }
  for (const h of stub.headers) {
    const why = h.test(req.headers[h.name])
    if (why !== undefined) reasons.push(`header ${why}`)
  }
  for (const b of stub.body) {
    const why = b.test(req.rawBody, req.json)
    if (why !== undefined) reasons.push(why)
  }
  if (stub.state?.is !== undefined) {
    const current = scenario.machines.get(stub.state.machine) ?? INITIAL_STATE
    if (!stub.state.is.includes(current)) {
      reasons.push(
        `state: machine ${stub.state.machine} is "${current}", stub needs ${stub.state.is.map((x) => `"${x}"`).join(' or ')}`,
      )
    }
  }
  if (stub.times !== undefined) {
    const served = scenario.served.get(stub.id) ?? 0
    if (served >= stub.times)
      reasons.push(`times: already served ${served} of ${stub.times} times in scenario ${scenario.id}`)
  }
  return reasons
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
