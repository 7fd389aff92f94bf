/**
 * Validates and compiles fault definitions (per stub or per scenario).
 * @module
 */

import { hashSeed } from '../internal/seeded-random.js'
import type { CompiledFault } from './compiled-stub.js'
import { FAULT_KINDS, type FaultDefinition, type FaultKind } from './fault-model.js'
import { FAULT_FIELDS, FAULT_TRIGGER_FIELDS } from './stub-fields.js'
import { checkKeys, type FieldPath, isRecord, type Problems } from './validation.js'

/** Compiles a list of faults; `keyPrefix` names where they are defined (their identity for counters). */
export function compileFaults(
  raw: unknown,
  keyPrefix: string,
  at: FieldPath,
  problems: Problems,
): CompiledFault[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    problems.add(at, 'must be a list of faults, e.g. [{ kind: latency, ms: 200 }]')
    return []
  }
  const out: CompiledFault[] = []
  raw.forEach((fault, i) => {
    const before = problems.list.length
    checkFault(fault, [...at, i], problems)
    if (problems.list.length > before) return
    const definition = fault as FaultDefinition
    const key = `${keyPrefix}#${i}`
    out.push({ key, seed: definition.seed ?? hashSeed(key), definition })
  })
  return out
}

function checkFault(fault: unknown, at: FieldPath, problems: Problems): void {
  if (
    !isRecord(fault) ||
    typeof fault['kind'] !== 'string' ||
    !(FAULT_KINDS as readonly string[]).includes(fault['kind'])
  ) {
    problems.add(
      isRecord(fault) ? [...at, 'kind'] : at,
      `a fault needs kind: one of ${FAULT_KINDS.join(', ')}`,
    )
    return
  }
  const kind = fault['kind']
  checkKeys(fault, [...FAULT_TRIGGER_FIELDS, ...FAULT_FIELDS[kind as FaultKind]], at, problems)
  const number = (key: string, ok: (n: number) => boolean, rule: string, required = false): void => {
    const v = fault[key]
    if (v === undefined ? required : typeof v !== 'number' || !ok(v)) problems.add([...at, key], rule)
  }
  number('probability', (n) => n >= 0 && n <= 1, 'must be a number from 0 to 1')
  number('seed', Number.isInteger, 'must be an integer')
  number('everyNth', (n) => Number.isInteger(n) && n >= 1, 'must be an integer >= 1')
  number('times', (n) => Number.isInteger(n) && n >= 1, 'must be an integer >= 1')
  if (kind === 'latency') {
    number('ms', (n) => n >= 0, 'must be milliseconds >= 0', true)
    number('jitterMs', (n) => n >= 0, 'must be milliseconds >= 0')
  }
  if (kind === 'rate-limit')
    number('retryAfter', (n) => Number.isInteger(n) && n >= 0, 'must be whole seconds >= 0')
  if (kind === 'rate-limit' || kind === 'server-error') {
    number('status', (n) => Number.isInteger(n) && n >= 100 && n <= 599, 'must be an HTTP status code')
  }
  if (kind === 'partial-body')
    number('bytes', (n) => Number.isInteger(n) && n >= 0, 'must be an integer >= 0')
  if (kind === 'dribble') {
    number('chunks', (n) => Number.isInteger(n) && n >= 1, 'must be an integer >= 1')
    number('totalMs', (n) => n >= 0, 'must be milliseconds >= 0')
  }
}
