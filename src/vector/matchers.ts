/**
 * Test-runner matchers for vector search, in the `expect.extend` shape vitest and jest share:
 * `await expect(search).toHaveRecallAtLeast(0.95, { k: 10 })`, `await expect(search).toUseIndex()`.
 * `search` is a `vectorSearch(db, …)` (measured when the matcher runs) or a `RecallReport`.
 * Nothing here imports a test runner.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { checkRecall, type RecallOptions, type RecallReport } from './check-recall.js'
import { explainSearch } from './explain-search.js'

interface MatcherResult {
  pass: boolean
  message: () => string
  actual?: unknown
  expected?: unknown
}

/** A search to measure: the database and what `checkRecall()` takes. */
export interface VectorSearch {
  readonly kind: 'vector-search'
  readonly db: Queryable
  readonly options: RecallOptions
}

/**
 * Describes a search for the matchers (nothing runs until a matcher does).
 *
 * @example
 * const search = vectorSearch(client, { table: 'items', column: 'embedding', settings: { 'hnsw.ef_search': 100 } })
 * await expect(search).toHaveRecallAtLeast(0.95, { k: 10 })
 */
export function vectorSearch(db: Queryable, options: RecallOptions): VectorSearch {
  return Object.freeze({ kind: 'vector-search', db, options })
}

/** The matcher methods, for declaring them on your runner's `Assertion` type (see docs/vector.md). */
export interface VectorMatchers<R = unknown> {
  /** Mean recall@k over the queries is at least `min` (k and queries override the search's). */
  toHaveRecallAtLeast(min: number, options?: { k?: number; queries?: number }): Promise<R>
  /** The search's plan scans an index (this one, when named), as the planner chooses it. */
  toUseIndex(name?: string): Promise<R>
}

const isSearch = (v: unknown): v is VectorSearch => (v as VectorSearch | undefined)?.kind === 'vector-search'
const isReport = (v: unknown): v is RecallReport => (v as RecallReport | undefined)?.kind === 'recall-report'
const notSearch = (v: unknown): MatcherResult => ({
  pass: false,
  message: () => `expected vectorSearch(db, …) or a recall report (checkRecall), got ${typeof v}`,
})

function describe(r: RecallReport): string {
  const via = r.usedIndex === null ? 'an exact scan (no index used)' : `index ${r.usedIndex}`
  return `recall@${r.k} of ${r.table}.${r.column} (${r.metric}) over ${r.queries} queries via ${via}: ${r.recall.toFixed(4)} (worst query ${r.worstQueryRecall.toFixed(2)}, ${r.underReturned} queries got fewer than ${r.k} rows)`
}

/**
 * Matchers for `expect.extend`.
 *
 * @example
 * import { expect } from 'vitest'
 * import { vectorMatchers } from 'pgtestbed/vector'
 * expect.extend(vectorMatchers)
 * await expect(vectorSearch(client, { table: 'items', column: 'embedding' })).toHaveRecallAtLeast(0.95, { k: 10 })
 */
export const vectorMatchers = {
  async toHaveRecallAtLeast(
    this: { isNot?: boolean },
    received: unknown,
    min: number,
    options: { k?: number; queries?: number } = {},
  ): Promise<MatcherResult> {
    let report: RecallReport
    if (isReport(received)) report = received
    else if (isSearch(received)) report = await checkRecall(received.db, { ...received.options, ...options })
    else return notSearch(received)
    const pass = report.recall >= min
    return {
      pass,
      message: () => `expected ${describe(report)} ${this?.isNot ? 'to be below' : 'to be at least'} ${min}`,
      actual: report.recall,
      expected: min,
    }
  },
  async toUseIndex(this: { isNot?: boolean }, received: unknown, name?: string): Promise<MatcherResult> {
    let used: string | null
    let nodes: readonly string[] = []
    if (isReport(received)) {
      used = received.usedIndex
      nodes = received.plan.nodes
    } else if (isSearch(received)) {
      const { table, column, k, metric, filter, settings } = received.options
      const plan = await explainSearch(received.db, { table, column, k, metric, filter, settings })
      used = plan.index
      nodes = plan.nodes
    } else return notSearch(received)
    const pass = used !== null && (name === undefined || used === name || used.endsWith(`.${name}`))
    const wanted = name === undefined ? 'an index' : `index ${name}`
    return {
      pass,
      message: () =>
        `expected the search ${this?.isNot ? 'not ' : ''}to use ${wanted}; the plan is ${nodes.join(' → ')}${used === null ? ' (no index)' : ` using ${used}`}`,
      actual: used,
      expected: name ?? 'an index',
    }
  },
}
