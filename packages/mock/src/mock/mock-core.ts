/**
 * The mock server's shared state: stubs, scenarios, journal, clock, packs. The HTTP handler, the
 * admin API and the library handle all work on this one object.
 * @module
 */
import type { MockClock } from './clock.js'
import type { CompiledFault } from './compiled-stub.js'
import type { JournalEntry, JournalStore } from './journal.js'
import type { MockPack } from './pack.js'
import type { Recorder } from './record.js'
import type { Router } from './router.js'
import type { ScenarioState, ScenarioStore } from './scenarios.js'

/** Everything a request handler needs. */
export interface MockCore {
  readonly router: Router
  readonly scenarios: ScenarioStore
  readonly journal: JournalStore
  readonly clock: MockClock
  readonly packs: readonly MockPack[]
  /** pack name → scenario name → data. */
  readonly packData: ReadonlyMap<string, ReadonlyMap<string, unknown>>
  /** Faults by scenario name, from files and options. */
  readonly definedFaults: ReadonlyMap<string, readonly CompiledFault[]>
  /** Faults set at run time, by scenario id. */
  readonly runtimeFaults: Map<string, readonly CompiledFault[]>
  readonly recorder: Recorder | undefined
  readonly onRequest: ((entry: JournalEntry) => void) | undefined
  /** `redact` (default): the journal keeps no secrets (headers, query, body fields). */
  readonly journalSecrets: 'redact' | 'keep'
  /** Aborted when the server closes, to cut delays short. */
  readonly closing: AbortSignal
  baseUrl: string
}

/** Scenario-level faults for a scenario id: those defined for its name, then those set for the id. */
export function scenarioFaults(core: MockCore, state: ScenarioState): readonly CompiledFault[] {
  const defined = core.definedFaults.get(state.base)
  const runtime =
    core.runtimeFaults.get(state.id) ??
    (state.id !== state.base ? core.runtimeFaults.get(state.base) : undefined)
  if (runtime === undefined) return defined ?? []
  return defined === undefined ? runtime : [...defined, ...runtime]
}
