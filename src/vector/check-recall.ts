/**
 * `checkRecall()`: recall@k of a column's approximate index against exact search, with proof
 * from EXPLAIN that the index served the searches.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import type { VectorIndex } from './indexes.js'
import { measureRecall } from './measure-recall.js'
import type { Metric } from './metric.js'
import { RECALL_EPSILON } from './recall.js'
import { prepareRecall, type RecallTarget } from './recall-context.js'
import type { SearchPlan } from './search-plan.js'
import type { SearchSettings } from './session.js'

/** Options of `checkRecall()`. */
export interface RecallOptions extends RecallTarget {
  /** Settings for the searches, e.g. `{ 'hnsw.ef_search': 100 }`, applied with SET LOCAL. */
  readonly settings?: SearchSettings
  /**
   * `'force'` (default): `enable_seqscan = off`, because the planner seq-scans small tables and
   * would measure exact search; `'planner'`: leave the planner's choice alone.
   */
  readonly indexUse?: 'force' | 'planner'
}

/** The result of a recall check: plain data, for matchers, `--json` and reports. */
export interface RecallReport {
  readonly kind: 'recall-report'
  readonly table: string
  readonly column: string
  readonly type: string
  readonly dimensions: number
  /** Rows searched (those matching the filter, when there is one). */
  readonly rows: number
  readonly metric: Metric
  readonly k: number
  readonly queries: number
  /** Mean recall@k over the queries (ann-benchmarks: distance ≤ true k-th + epsilon). */
  readonly recall: number
  readonly worstQueryRecall: number
  readonly epsilon: number
  readonly meanReturned: number
  readonly underReturned: number
  /** The index the plan used (null: the search was exact). */
  readonly usedIndex: string | null
  readonly plan: SearchPlan
  /** The column's approximate indexes with this metric. */
  readonly indexes: readonly VectorIndex[]
  readonly settings: SearchSettings
  readonly filter: string | null
  readonly latencyMs: { readonly p50: number; readonly p95: number }
  readonly qps: number
}

/**
 * Measures recall@k of the column's index over a query set.
 *
 * @example
 * const report = await checkRecall(client, { table: 'items', column: 'embedding', k: 10, queries: 100 })
 * report.recall // 0.98
 * report.usedIndex // 'items_embedding_idx'
 */
export async function checkRecall(db: Queryable, options: RecallOptions): Promise<RecallReport> {
  const ctx = await prepareRecall(db, options)
  const settings: SearchSettings = {
    ...((options.indexUse ?? 'force') === 'force' && ctx.indexes.length > 0 ? { enable_seqscan: 'off' } : {}),
    ...options.settings,
  }
  const m = await measureRecall(db, ctx, settings)
  return Object.freeze({
    kind: 'recall-report',
    table: ctx.column.table,
    column: ctx.column.column,
    type: ctx.column.type,
    dimensions: ctx.dimensions,
    rows: ctx.rows,
    metric: ctx.metric,
    k: ctx.k,
    queries: m.perQuery.length,
    recall: m.recall,
    worstQueryRecall: Math.min(...m.perQuery),
    epsilon: RECALL_EPSILON,
    meanReturned: m.meanReturned,
    underReturned: m.underReturned,
    usedIndex: m.plan.index,
    plan: m.plan,
    indexes: ctx.indexes,
    settings,
    filter: ctx.filter ?? null,
    latencyMs: m.latencyMs,
    qps: m.qps,
  })
}
