/**
 * Validates and compiles one stub definition, collecting every problem with its location.
 * @module
 */

import { compileFaults } from './compile-fault.js'
import { compileRequest } from './compile-request.js'
import { compileResponse } from './compile-response.js'
import type { CompiledResponse, Stub } from './compiled-stub.js'
import { DEFAULT_MACHINE } from './scenarios.js'
import { STATE_FIELDS, STUB_FIELDS } from './stub-fields.js'
import type { StubDefinition, StubSource } from './stub-model.js'
import { checkKeys, type FieldPath, isRecord, type Problems } from './validation.js'

/** Where a stub is being compiled from. */
export interface StubOrigin {
  /** Id used when the stub has none. */
  readonly fallbackId: string
  readonly order: number
  readonly source: StubSource
  /** Folder that `file` bodies are relative to. */
  readonly baseDir: string
  /** Scenario applied when the stub names none (a file-level `scenario`). */
  readonly defaultScenario?: string | undefined
}

/**
 * Compiles a stub; returns undefined (with problems added) when it is invalid.
 *
 * @example
 * const problems = collectProblems()
 * const stub = compileStub({ request: { path: '/x' }, response: { json: {} } }, origin, [], problems)
 */
export function compileStub(
  raw: unknown,
  origin: StubOrigin,
  at: FieldPath,
  problems: Problems,
): Stub | undefined {
  if (!isRecord(raw)) {
    problems.add(at, 'a stub must be an object with request and response')
    return undefined
  }
  const before = problems.list.length
  checkKeys(raw, STUB_FIELDS, at, problems)
  const id = raw['id'] ?? origin.fallbackId
  if (typeof id !== 'string' || id === '') problems.add([...at, 'id'], 'must be a non-empty string')
  const priority = raw['priority'] ?? 5
  if (typeof priority !== 'number' || !Number.isInteger(priority))
    problems.add([...at, 'priority'], 'must be an integer (lower wins; default 5)')
  const scenarios = compileScenarios(raw['scenario'] ?? origin.defaultScenario, [...at, 'scenario'], problems)
  const request = compileRequest(raw['request'], [...at, 'request'], problems)
  const responses = compileResponses(raw, at, problems, origin.baseDir)
  const repeat = raw['repeat'] ?? 'last'
  if (repeat !== 'last' && repeat !== 'cycle') problems.add([...at, 'repeat'], 'must be "last" or "cycle"')
  const times = raw['times']
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    problems.add([...at, 'times'], 'must be an integer >= 1')
  }
  const state = compileState(raw['state'], [...at, 'state'], problems)
  const faults = compileFaults(raw['faults'], `stub:${String(id)}`, [...at, 'faults'], problems)
  if (problems.list.length > before) return undefined
  return {
    kind: 'stub',
    id: id as string,
    priority: priority as number,
    scenarios,
    definition: jsonSafe({ ...(raw as StubDefinition), id: id as string }),
    source: origin.source,
    order: origin.order,
    ...request,
    responses,
    repeat: repeat as 'last' | 'cycle',
    times: times as number | undefined,
    state,
    faults,
    answeredBy: Object.freeze({ kind: 'stub' as const, id: id as string }),
  }
}

function compileResponses(
  raw: Record<string, unknown>,
  at: FieldPath,
  problems: Problems,
  baseDir: string,
): CompiledResponse[] {
  if (raw['response'] !== undefined && raw['responses'] !== undefined) {
    problems.add([...at, 'responses'], 'give either response or responses, not both')
    return []
  }
  if (raw['responses'] !== undefined) {
    const list = raw['responses']
    if (!Array.isArray(list) || list.length === 0) {
      problems.add([...at, 'responses'], 'must be a non-empty list of responses')
      return []
    }
    return list.flatMap((r, i) => compileResponse(r, [...at, 'responses', i], problems, baseDir) ?? [])
  }
  if (raw['response'] === undefined) {
    problems.add(at, 'a stub needs a response (or responses)')
    return []
  }
  return [compileResponse(raw['response'], [...at, 'response'], problems, baseDir)].flatMap((r) => r ?? [])
}

function compileScenarios(raw: unknown, at: FieldPath, problems: Problems): readonly string[] | undefined {
  if (raw === undefined) return undefined
  const list = typeof raw === 'string' ? [raw] : raw
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((s) => typeof s === 'string' && s !== '' && !s.includes('#'))
  ) {
    problems.add(at, 'must be a scenario name or a list of them (names cannot contain "#")')
    return undefined
  }
  return list as string[]
}

function compileState(raw: unknown, at: FieldPath, problems: Problems): Stub['state'] {
  if (raw === undefined) return undefined
  if (!isRecord(raw)) {
    problems.add(at, 'must be { machine?, is?, next? }')
    return undefined
  }
  checkKeys(raw, STATE_FIELDS, at, problems)
  const machine = raw['machine'] ?? DEFAULT_MACHINE
  if (typeof machine !== 'string') problems.add([...at, 'machine'], 'must be a string')
  const is = raw['is'] === undefined ? undefined : typeof raw['is'] === 'string' ? [raw['is']] : raw['is']
  if (is !== undefined && (!Array.isArray(is) || !is.every((s) => typeof s === 'string'))) {
    problems.add([...at, 'is'], 'must be a state name or a list of them')
  }
  if (raw['next'] !== undefined && typeof raw['next'] !== 'string')
    problems.add([...at, 'next'], 'must be a state name')
  return {
    machine: machine as string,
    is: is as string[] | undefined,
    next: raw['next'] as string | undefined,
  }
}

// Stubs from code may hold RegExps (path: /…/); listings (admin API, JSON) show their source.
function jsonSafe(definition: StubDefinition): StubDefinition {
  const request = definition.request
  if (request === undefined) return definition
  const { path, pathMatches, ...rest } = request
  return {
    ...definition,
    request: {
      ...rest,
      ...(path instanceof RegExp ? { pathMatches: path.source } : path === undefined ? {} : { path }),
      ...(pathMatches instanceof RegExp
        ? { pathMatches: pathMatches.source }
        : pathMatches === undefined
          ? {}
          : { pathMatches }),
    },
  }
}
