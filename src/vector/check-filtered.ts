/**
 * `checkFilteredSearch()`: a `WHERE` on an approximate index filters after the index scan, so a
 * search can return fewer than k rows (HNSW with ef_search 40 and a 10% filter returns ~4). This
 * measures that under-return, then the iterative-scan settings that fix it where pgvector has
 * them (0.8.0+: `hnsw.iterative_scan` strict/relaxed, `ivfflat.iterative_scan` relaxed).
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { inputError } from './input-checks.js'
import { measureRecall } from './measure-recall.js'
import { prepareRecall, type RecallTarget } from './recall-context.js'
import type { SearchSettings } from './session.js'

/** Options of `checkFilteredSearch()`: a recall target whose `filter` is required. */
export interface FilteredOptions extends RecallTarget {
  readonly filter: string
  /** Extra settings for every mode, e.g. `{ 'hnsw.ef_search': 40 }`. */
  readonly settings?: SearchSettings
}

/** One iterative-scan mode's result. */
export interface FilteredMode {
  readonly iterativeScan: 'off' | 'relaxed_order' | 'strict_order'
  readonly recall: number
  readonly meanReturned: number
  readonly underReturned: number
  readonly usedIndex: string | null
}

/** The result of a filtered-search check. */
export interface FilteredReport {
  readonly kind: 'filtered-report'
  readonly table: string
  readonly column: string
  readonly filter: string
  readonly k: number
  readonly queries: number
  /** Rows matching the filter, and their share of the table. */
  readonly matching: number
  readonly selectivity: number
  /** Whether this pgvector has iterative scans (0.8.0+). */
  readonly iterativeScanAvailable: boolean
  readonly modes: readonly FilteredMode[]
}

/**
 * Measures under-return and recall of a filtered search with each iterative-scan mode.
 *
 * @example
 * const r = await checkFilteredSearch(client, { table: 'items', column: 'embedding', filter: 'category = 3' })
 * r.modes[0].meanReturned // 4.1 of 10 without iterative scans
 */
export async function checkFilteredSearch(db: Queryable, options: FilteredOptions): Promise<FilteredReport> {
  if (options.filter.trim() === '')
    throw inputError(
      'check a filtered search',
      'the filter is empty',
      "Give a SQL condition, e.g. 'category = 3'.",
    )
  const ctx = await prepareRecall(db, options)
  const index = ctx.indexes[0]
  if (index === undefined) {
    throw inputError(
      `check a filtered search of ${ctx.column.table}.${ctx.column.column}`,
      `the column has no HNSW or IVFFlat index for ${ctx.metric}`,
      'Create one first: filtering only loses rows on an approximate index.',
    )
  }
  const setting = `${index.method}.iterative_scan`
  const { rows } = await db.query<{ available: string | null; total: string }>(
    `SELECT current_setting($1, true) AS available, (SELECT count(*) FROM ${ctx.column.table}) AS total`,
    [setting],
  )
  const available = rows[0]?.available !== null && rows[0]?.available !== undefined
  const modes: FilteredMode['iterativeScan'][] = !available
    ? ['off']
    : index.method === 'hnsw'
      ? ['off', 'strict_order', 'relaxed_order']
      : ['off', 'relaxed_order']
  const results: FilteredMode[] = []
  for (const mode of modes) {
    const settings = {
      enable_seqscan: 'off',
      ...options.settings,
      ...(available ? { [setting]: mode } : {}),
    }
    const m = await measureRecall(db, ctx, settings)
    results.push({
      iterativeScan: mode,
      recall: m.recall,
      meanReturned: m.meanReturned,
      underReturned: m.underReturned,
      usedIndex: m.plan.index,
    })
  }
  const total = Number(rows[0]?.total ?? 0)
  return Object.freeze({
    kind: 'filtered-report',
    table: ctx.column.table,
    column: ctx.column.column,
    filter: options.filter,
    k: ctx.k,
    queries: ctx.queries.length / ctx.dimensions,
    matching: ctx.rows,
    selectivity: total === 0 ? 0 : ctx.rows / total,
    iterativeScanAvailable: available,
    modes: results,
  })
}
