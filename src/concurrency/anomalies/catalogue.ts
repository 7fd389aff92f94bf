/**
 * The built-in anomaly catalogue, in the order the check table lists them.
 * @module
 */
import type { AnomalyScenario } from './anomaly.js'
import { G_SINGLE_DEPENDENCIES, G_SINGLE_WRITE, PMP, PMP_WRITE } from './predicate-anomalies.js'
import { G0, G1A, G1B, G1C, OTV } from './read-anomalies.js'
import { G_SINGLE, G2, G2_ITEM, G2_TWO_EDGES, P4 } from './skew-anomalies.js'

/**
 * Every built-in anomaly scenario: G0, G1a, G1b, G1c, OTV, PMP (+ write predicate), P4,
 * G-single (+ predicate dependency and write variants), G2-item, G2 (+ two edges).
 *
 * @example
 * for (const a of ANOMALIES) console.log(a.id, a.name)
 */
export const ANOMALIES: readonly AnomalyScenario[] = Object.freeze([
  G0,
  G1A,
  G1B,
  G1C,
  OTV,
  PMP,
  PMP_WRITE,
  P4,
  G_SINGLE,
  G_SINGLE_DEPENDENCIES,
  G_SINGLE_WRITE,
  G2_ITEM,
  G2,
  G2_TWO_EDGES,
])
