/**
 * Fault decisions (which faults fire for this request, deterministically per scenario) and the
 * response rewrites they imply. Socket-level faults are carried out by `send-response.ts`.
 * @module
 */

import { hashSeed, keyedStream } from '../internal/seeded-random.js'
import type { CompiledFault } from './compiled-stub.js'
import type { FaultDefinition } from './fault-model.js'
import type { ScenarioState } from './scenarios.js'

/** What fired for one request. */
export interface FaultDecision {
  /** Added latency in ms (sum of fired latency faults, jitter applied). */
  readonly latencyMs: number
  /** The fault that changes or breaks the response, if any (the first that fired). */
  readonly terminal: FaultDefinition | undefined
  /** Kinds that fired, for the journal. */
  readonly fired: readonly string[]
}

const NONE: FaultDecision = Object.freeze({ latencyMs: 0, terminal: undefined, fired: [] })

/**
 * Decides which faults fire, advancing each fault's per-scenario counters and seeded generator.
 *
 * @example
 * decideFaults(stub.faults, scenarioState) // { latencyMs: 120, terminal: undefined, fired: ['latency'] }
 */
export function decideFaults(faults: readonly CompiledFault[], scenario: ScenarioState): FaultDecision {
  if (faults.length === 0) return NONE
  let latencyMs = 0
  let terminal: FaultDefinition | undefined
  const fired: string[] = []
  for (const fault of faults) {
    const def = fault.definition
    if (def.kind !== 'latency' && terminal !== undefined) continue
    let state = scenario.faults.get(fault.key)
    if (state === undefined) {
      state = { seen: 0, fired: 0, random: keyedStream(fault.seed ^ hashSeed(scenario.id)) }
      scenario.faults.set(fault.key, state)
    }
    state.seen++
    if (def.times !== undefined && state.fired >= def.times) continue
    if (def.everyNth !== undefined && state.seen % def.everyNth !== 0) continue
    if (def.probability !== undefined && state.random() >= def.probability) continue
    state.fired++
    fired.push(def.kind)
    if (def.kind === 'latency') {
      const jitter = def.jitterMs === undefined ? 0 : (state.random() * 2 - 1) * def.jitterMs
      latencyMs += Math.max(0, def.ms + jitter)
    } else {
      terminal = def
    }
  }
  return fired.length === 0 ? NONE : { latencyMs, terminal, fired }
}

/** A response about to be sent. */
export interface PlannedResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: Buffer
}

/** Applies a response-replacing fault (429, 5xx, malformed body); others pass through unchanged. */
export function rewriteForFault(
  planned: PlannedResponse,
  fault: FaultDefinition | undefined,
  random: () => number,
): PlannedResponse {
  if (fault === undefined) return planned
  switch (fault.kind) {
    case 'rate-limit': {
      const retryAfter = fault.retryAfter ?? 1
      return jsonResponse(
        fault.status ?? 429,
        fault.body ?? { error: 'rate limited (injected fault)', retryAfter },
        {
          'retry-after': String(retryAfter),
        },
      )
    }
    case 'server-error':
      return jsonResponse(fault.status ?? 503, fault.body ?? { error: 'server error (injected fault)' }, {})
    case 'malformed-body': {
      // Valid HTTP framing, broken content: a cut-off copy of the real body followed by junk bytes.
      const cut = planned.body.subarray(0, Math.floor(planned.body.length / 2))
      const junk = Buffer.from(Array.from({ length: 8 }, () => Math.floor(random() * 256)))
      return { ...planned, body: Buffer.concat([Buffer.from('{"'), cut, junk]) }
    }
    default:
      return planned
  }
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string>): PlannedResponse {
  const isText = typeof body === 'string'
  return {
    status,
    headers: {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...headers,
    },
    body: Buffer.from(isText ? body : JSON.stringify(body)),
  }
}
