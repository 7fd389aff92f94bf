/**
 * Fault definitions: what can go wrong with a response, and how often.
 * @module
 */

/** When a fault fires. All given conditions must hold; none given = always. */
export interface FaultTrigger {
  /** Chance per request, 0..1 (default 1). Decided by a seeded generator, so runs repeat exactly. */
  readonly probability?: number
  /** Seed for `probability` (default: derived from where the fault is defined). */
  readonly seed?: number
  /** Fire on every Nth matching request of the scenario (N, 2N, …). */
  readonly everyNth?: number
  /** Fire at most this many times per scenario. */
  readonly times?: number
}

/** Every fault the server can inject, tagged by `kind`. */
export type FaultDefinition = FaultTrigger &
  (
    | { readonly kind: 'latency'; readonly ms: number; readonly jitterMs?: number }
    | {
        readonly kind: 'rate-limit'
        readonly retryAfter?: number
        readonly status?: number
        readonly body?: unknown
      }
    | { readonly kind: 'server-error'; readonly status?: number; readonly body?: unknown }
    | { readonly kind: 'empty-response' }
    | { readonly kind: 'malformed-body' }
    | { readonly kind: 'connection-reset' }
    | { readonly kind: 'partial-body'; readonly bytes?: number }
    | { readonly kind: 'dribble'; readonly chunks?: number; readonly totalMs?: number }
  )

/** The fault kinds, for validation and docs. */
export const FAULT_KINDS = [
  'latency',
  'rate-limit',
  'server-error',
  'empty-response',
  'malformed-body',
  'connection-reset',
  'partial-body',
  'dribble',
] as const

/** A fault kind name. */
export type FaultKind = (typeof FAULT_KINDS)[number]
