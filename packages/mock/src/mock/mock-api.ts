/**
 * The library side of the admin API: the same operations as `/__admin`, as functions on the
 * server handle.
 * @module
 */
import { failure } from '../errors.js'
import { compileFaults } from './compile-fault.js'
import { compileStub } from './compile-stub.js'
import type { Stub } from './compiled-stub.js'
import type { FaultDefinition } from './fault-model.js'
import { duplicateIdProblems } from './load-stub-files.js'
import type { MockCore } from './mock-core.js'
import { type LocatedProblem, MockError, StubValidationError } from './mock-errors.js'
import { DEFAULT_MACHINE, normalizeAddress, type ScenarioBinding, type ScenarioSummary } from './scenarios.js'
import type { StubDefinition } from './stub-model.js'
import { collectProblems, formatPath } from './validation.js'

/** Stubs at run time. */
export interface MockStubsApi {
  /** Stub definitions (with ids) in match order. */
  list(): StubDefinition[]
  /** Adds stubs (an existing id is an error; remove it first); returns their ids. */
  add(stubs: StubDefinition | readonly StubDefinition[]): string[]
  /** Removes a stub; an unknown id is an error. */
  remove(id: string): void
  /** Back to the stubs the server started with. */
  reset(): void
}

/** Scenarios at run time. */
export interface MockScenariosApi {
  /** Known scenario names. */
  known(): string[]
  /** Names and ids with their machine states and served counts. */
  list(): ScenarioSummary[]
  /** Makes a scenario name known (so requests naming it are not a 404). */
  declare(name: string): void
  /** Forgets the state of a scenario id (a name also resets its `#` instances), or of all. */
  reset(id?: string): void
  setState(id: string, state: string, machine?: string): void
  /** Replaces the faults set at run time for a scenario id (or name); `[]` clears them. */
  setFaults(id: string, faults: readonly FaultDefinition[]): void
  /** Routes requests from a client (a header value, or a remote address) to a scenario. */
  bind(
    id: string,
    client: { readonly header: string; readonly value: string } | { readonly remoteAddress: string },
  ): void
  /** Removes the bindings to a scenario, or all. */
  unbind(id?: string): void
  bindings(): readonly ScenarioBinding[]
}

/** Builds the stubs and scenarios APIs over a core. `initial` are the stubs to reset to. */
export function createMockApi(
  core: MockCore,
  initial: readonly Stub[],
  nextOrder: () => number,
): { stubs: MockStubsApi; scenarios: MockScenariosApi } {
  const stubs: MockStubsApi = {
    list: () => core.router.list().map((s) => s.definition),
    add(input) {
      const list = (Array.isArray(input) ? input : [input]) as StubDefinition[]
      const problems = collectProblems()
      const compiled = list.flatMap(
        (raw, i) =>
          compileStub(
            raw,
            { fallbackId: `stub-${nextOrder()}`, order: nextOrder(), source: {}, baseDir: process.cwd() },
            list.length === 1 ? [] : [i],
            problems,
          ) ?? [],
      )
      const located: LocatedProblem[] = problems.list.map((p) => ({
        file: undefined,
        line: undefined,
        column: undefined,
        field: formatPath(p.path),
        message: p.message,
      }))
      located.push(
        ...duplicateIdProblems([...core.router.list(), ...compiled]).map((p) => ({
          ...p,
          file: undefined,
          line: undefined,
        })),
      )
      if (located.length > 0) throw new StubValidationError('add mock stubs', located)
      for (const stub of compiled) {
        core.router.add(stub)
        for (const s of stub.scenarios ?? []) core.scenarios.declare(s)
      }
      return compiled.map((s) => s.id)
    },
    remove(id) {
      if (!core.router.remove(id)) {
        const ids = core.router.list().map((s) => s.id)
        throw new MockError(
          'PGT_MOCK_NOT_FOUND',
          failure(
            `remove mock stub "${id}"`,
            'no stub has that id',
            `Known ids: ${ids.slice(0, 20).join(', ') || '(none)'}.`,
          ),
        )
      }
    },
    reset() {
      core.router.replace(initial)
    },
  }
  const scenarios: MockScenariosApi = {
    known: () => core.scenarios.known(),
    list: () => core.scenarios.list(),
    declare: (name) => core.scenarios.declare(name),
    reset: (id) => {
      core.scenarios.reset(id)
    },
    setState: (id, state, machine = DEFAULT_MACHINE) => core.scenarios.setState(id, state, machine),
    setFaults(id, faults) {
      const problems = collectProblems()
      const compiled = compileFaults(faults, `runtime:${id}`, ['faults'], problems)
      if (problems.list.length > 0) {
        throw new StubValidationError(
          `set faults for scenario "${id}"`,
          problems.list.map((p) => ({
            file: undefined,
            line: undefined,
            column: undefined,
            field: formatPath(p.path),
            message: p.message,
          })),
        )
      }
      if (compiled.length === 0) core.runtimeFaults.delete(id)
      else core.runtimeFaults.set(id, compiled)
    },
    bind(id, client) {
      const binding: ScenarioBinding =
        'header' in client
          ? { kind: 'header', header: client.header.toLowerCase(), value: client.value, scenario: id }
          : { kind: 'remote-address', address: normalizeAddress(client.remoteAddress), scenario: id }
      core.scenarios.bind(binding)
    },
    unbind: (id) => core.scenarios.unbind(id),
    bindings: () => core.scenarios.bindings(),
  }
  return { stubs, scenarios }
}
