/**
 * One recall measurement: the context's queries run in SQL under some settings, each returned
 * neighbour's distance recomputed in JavaScript and judged against the ground truth.
 * @module
 */

import { percentiles } from '../internal/percentiles.js'
import type { Queryable } from '../internal/queryable.js'
import { distance } from './metric.js'
import { meanRecall, queryRecall } from './recall.js'
import type { RecallContext } from './recall-context.js'
import { runSearches, searchQuery } from './run-searches.js'
import { planOf, type SearchPlan } from './search-plan.js'
import { type SearchSettings, withSettings } from './session.js'

/** What one measurement found. */
export interface RecallMeasurement {
  readonly recall: number
  readonly perQuery: readonly number[]
  /** Mean rows returned per query (less than k: the search under-returned). */
  readonly meanReturned: number
  /** Queries that got fewer than k rows. */
  readonly underReturned: number
  readonly plan: SearchPlan
  readonly latencyMs: { readonly p50: number; readonly p95: number }
  /** Queries per second over the whole query set (one session, one query at a time). */
  readonly qps: number
}

/**
 * Runs the searches with `settings` (in a rolled-back transaction) and scores them.
 *
 * @example
 * const m = await measureRecall(client, ctx, { enable_seqscan: 'off', 'hnsw.ef_search': 100 })
 */
export async function measureRecall(
  db: Queryable,
  ctx: RecallContext,
  settings: SearchSettings,
): Promise<RecallMeasurement> {
  const { dimensions: dims, k, truth } = ctx
  const query = searchQuery(ctx.column, ctx.metric, k, dims, ctx.filter)
  const { plan, run } = await withSettings(db, settings, async (session) => ({
    plan: await planOf(session, query.sql, [query.param(ctx.queries, 0)]),
    run: await runSearches(session, query, ctx.queries, dims),
  }))
  const perQuery = run.returned.map((got, q) => {
    const n = got.length / dims
    const found = new Float64Array(n)
    for (let i = 0; i < n; i++) found[i] = distance(ctx.metric, ctx.queries, q * dims, got, i * dims, dims)
    return queryRecall(found, truth.distances[q * truth.k + k - 1]!, k)
  })
  const counts = run.returned.map((got) => got.length / dims)
  const totalMs = run.latenciesMs.reduce((a, b) => a + b, 0)
  return {
    recall: meanRecall(perQuery),
    perQuery,
    meanReturned: counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length),
    underReturned: counts.filter((c) => c < k).length,
    plan,
    latencyMs: percentiles(run.latenciesMs),
    qps: totalMs === 0 ? 0 : (counts.length * 1000) / totalMs,
  }
}
