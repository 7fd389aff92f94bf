/**
 * Scenarios: which scenario a request belongs to, and the state kept per scenario id (state
 * machines, "served N times" counters, fault counters, pack state). A scenario id may carry an
 * instance suffix (`expired-token#test-17`): the part before `#` picks the definitions, the whole
 * id keys the state, so parallel tests never see each other's state.
 * @module
 */
import { hashSeed, keyedStream } from '../internal/seeded-random.js'

/** The scenario used when a request names none. */
export const DEFAULT_SCENARIO = 'default'
/** The state every state machine starts in. */
export const INITIAL_STATE = 'started'
/** The machine name used when a stub names none. */
export const DEFAULT_MACHINE = 'main'

/** Mutable state of one scenario id. */
export interface ScenarioState {
  readonly id: string
  /** The part before `#`: which scenario definitions apply. */
  readonly base: string
  readonly machines: Map<string, string>
  /** Times each stub answered (also the position in a response sequence). */
  readonly served: Map<string, number>
  readonly faults: Map<string, { seen: number; fired: number; random: () => number }>
  readonly packState: Map<string, Map<string, unknown>>
  seq: number
  readonly random: () => number
}

/** A binding of clients to a scenario, for apps that cannot send `x-mock-scenario`. */
export type ScenarioBinding =
  | { readonly kind: 'header'; readonly header: string; readonly value: string; readonly scenario: string }
  | { readonly kind: 'remote-address'; readonly address: string; readonly scenario: string }

/** A summary of one scenario id, as listed by the admin API. */
export interface ScenarioSummary {
  readonly id: string
  readonly base: string
  readonly states: Readonly<Record<string, string>>
  readonly served: Readonly<Record<string, number>>
}

/** Holds every scenario's state; created once per server. */
export class ScenarioStore {
  readonly #declared = new Set<string>([DEFAULT_SCENARIO])
  readonly #states = new Map<string, ScenarioState>()
  #bindings: ScenarioBinding[] = []

  /** Makes a scenario name known (stub files, scenario files and pack data declare them). */
  declare(name: string): void {
    this.#declared.add(name)
  }

  /** Known scenario names, sorted. */
  known(): string[] {
    return [...this.#declared].sort()
  }

  /** Whether the definitions part of `id` is known. */
  isKnown(id: string): boolean {
    return this.#declared.has(baseOf(id))
  }

  /** The state of a scenario id, created on first use. */
  get(id: string): ScenarioState {
    let state = this.#states.get(id)
    if (state === undefined) {
      state = {
        id,
        base: baseOf(id),
        machines: new Map(),
        served: new Map(),
        faults: new Map(),
        packState: new Map(),
        seq: 0,
        random: keyedStream(hashSeed(id)),
      }
      this.#states.set(id, state)
    }
    return state
  }

  /** Forgets the state of one id (and of its `#` instances when `id` has none), or of all. */
  reset(id?: string): void {
    if (id === undefined) {
      this.#states.clear()
      return
    }
    for (const key of [...this.#states.keys()]) {
      if (key === id || (!id.includes('#') && key.startsWith(`${id}#`))) this.#states.delete(key)
    }
  }

  /** Sets a state machine's state for a scenario id. */
  setState(id: string, state: string, machine = DEFAULT_MACHINE): void {
    this.get(id).machines.set(machine, state)
  }

  /** Every scenario name, and every id that has state, with its states and counters. */
  list(): ScenarioSummary[] {
    const ids = new Set([...this.#declared, ...this.#states.keys()])
    return [...ids].sort().map((id) => {
      const state = this.#states.get(id)
      return {
        id,
        base: baseOf(id),
        states: Object.fromEntries(state?.machines ?? []),
        served: Object.fromEntries(state?.served ?? []),
      }
    })
  }

  /** Binds clients (by a header value or a remote address) to a scenario; latest binding wins. */
  bind(binding: ScenarioBinding): void {
    this.#bindings = [binding, ...this.#bindings.filter((b) => !sameClient(b, binding))]
  }

  /** Removes bindings to a scenario (all bindings when `scenario` is undefined). */
  unbind(scenario?: string): void {
    this.#bindings = scenario === undefined ? [] : this.#bindings.filter((b) => b.scenario !== scenario)
  }

  bindings(): readonly ScenarioBinding[] {
    return this.#bindings
  }

  /** The scenario a bound client belongs to, if any. */
  boundScenario(
    headers: Readonly<Record<string, string>>,
    remoteAddress: string | undefined,
  ): string | undefined {
    for (const b of this.#bindings) {
      if (b.kind === 'header' && headers[b.header] === b.value) return b.scenario
      if (
        b.kind === 'remote-address' &&
        remoteAddress !== undefined &&
        normalizeAddress(remoteAddress) === b.address
      ) {
        return b.scenario
      }
    }
    return undefined
  }
}

/** The definitions part of a scenario id (`expired#t1` → `expired`). */
export function baseOf(id: string): string {
  const hash = id.indexOf('#')
  return hash === -1 ? id : id.slice(0, hash)
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, so bindings work whichever form the socket reports. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function sameClient(a: ScenarioBinding, b: ScenarioBinding): boolean {
  if (a.kind === 'header' && b.kind === 'header') return a.header === b.header && a.value === b.value
  if (a.kind === 'remote-address' && b.kind === 'remote-address') return a.address === b.address
  return false
}
