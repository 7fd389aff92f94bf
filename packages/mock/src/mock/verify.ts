/**
 * Verification: assert what the mock received, as a plain function (`verifyReceived`) or as a
 * test-runner matcher (`expect(mock).toHaveReceived(...)` after `expect.extend(mockMatchers)`).
 * @module
 */
import { compileFilter, type Journal, type JournalEntry, type RequestFilter } from './journal.js'

/** What to expect: a request filter plus how many times (default: at least once). */
export interface ReceivedExpectation extends RequestFilter {
  readonly times?: number | { readonly atLeast?: number; readonly atMost?: number }
}

/** The outcome of a check, with a message saying what was received. */
export interface ReceivedCheck {
  readonly pass: boolean
  readonly count: number
  readonly message: string
}

/**
 * Thrown by `verifyReceived` when the expectation does not hold; the message lists the last
 * requests received.
 *
 * @example
 * try { verifyReceived(mock, { path: '/token', times: 1 }) } catch (err) {
 *   if (err instanceof MockVerificationError) console.error(err.message)
 * }
 */
export class MockVerificationError extends Error {
  override readonly name = 'MockVerificationError'
}

/**
 * Checks the journal against an expectation, without throwing.
 *
 * @example
 * checkReceived(mock, { method: 'POST', path: '/token', times: 2 }).pass
 */
export function checkReceived(
  target: { readonly journal: Journal } | Journal,
  expected: ReceivedExpectation,
): ReceivedCheck {
  const journal = 'journal' in target ? target.journal : target
  const all = journal.entries()
  const test = compileFilter(expected)
  const count = all.filter(test).length
  const { times } = expected
  const min = times === undefined ? 1 : typeof times === 'number' ? times : (times.atLeast ?? 0)
  const max =
    times === undefined
      ? Number.POSITIVE_INFINITY
      : typeof times === 'number'
        ? times
        : (times.atMost ?? Number.POSITIVE_INFINITY)
  const pass = count >= min && count <= max
  const wanted =
    times === undefined
      ? 'at least once'
      : typeof times === 'number'
        ? `${times} time${times === 1 ? '' : 's'}`
        : [
            times.atLeast === undefined ? '' : `at least ${times.atLeast}`,
            times.atMost === undefined ? '' : `at most ${times.atMost}`,
          ]
            .filter(Boolean)
            .join(' and ') + ' times'
  const recent = all.slice(-10).map(describeEntry)
  const message = `expected ${describeFilter(expected)} ${wanted}, received ${count}.\n${all.length === 0 ? 'The mock received no requests.' : `Last ${recent.length} of ${all.length} requests received:\n${recent.map((r) => `  ${r}`).join('\n')}`}`
  return { pass, count, message }
}

/**
 * Throws a `MockVerificationError` unless the mock received what is expected.
 *
 * @example
 * verifyReceived(mock, { method: 'GET', path: '/users/:id', scenario: 'happy', times: 1 })
 */
export function verifyReceived(
  target: { readonly journal: Journal } | Journal,
  expected: ReceivedExpectation,
): void {
  const check = checkReceived(target, expected)
  if (!check.pass) throw new MockVerificationError(check.message)
}

/**
 * Matchers for `expect.extend` (vitest or jest): `expect(mock).toHaveReceived({ method, path, times })`.
 *
 * @example
 * import { expect } from 'vitest'
 * import { mockMatchers } from 'pgtestbed/mock'
 * expect.extend(mockMatchers)
 * expect(mock).toHaveReceived({ method: 'POST', path: '/calendar/v3/freeBusy', times: 1 })
 */
export const mockMatchers = {
  toHaveReceived(this: { isNot?: boolean }, received: unknown, expected: ReceivedExpectation) {
    if (
      typeof received !== 'object' ||
      received === null ||
      !('journal' in received || 'entries' in received)
    ) {
      return {
        pass: false,
        message: () => 'toHaveReceived expects a mock server (from startMockServer) or its journal',
      }
    }
    const check = checkReceived(received as { journal: Journal }, expected)
    return { pass: check.pass, message: () => (this.isNot ? `not ${check.message}` : check.message) }
  },
}

/** Types for `expect(mock).toHaveReceived(...)`; see `pgtestbed/mock/vitest-setup`. */
export interface MockMatchers<R = unknown> {
  toHaveReceived(expected: ReceivedExpectation): R
}

function describeFilter(f: RequestFilter): string {
  const parts = [f.method?.toUpperCase() ?? 'any method', f.path === undefined ? 'any path' : String(f.path)]
  if (f.scenario !== undefined) parts.push(`in scenario ${f.scenario}`)
  if (f.stub !== undefined) parts.push(`answered by stub ${f.stub}`)
  if (f.pack !== undefined) parts.push(`answered by pack ${f.pack}`)
  if (f.status !== undefined) parts.push(`with status ${f.status}`)
  return parts.join(' ')
}

function describeEntry(e: JournalEntry): string {
  const by =
    e.answeredBy.kind === 'stub'
      ? `stub ${e.answeredBy.id}`
      : e.answeredBy.kind === 'pack'
        ? `pack ${e.answeredBy.name}`
        : e.answeredBy.kind === 'record'
          ? 'record'
          : e.answeredBy.reason
  return `${e.method} ${e.path} [${e.scenario}] → ${e.status ?? 'no response'} (${by})`
}
