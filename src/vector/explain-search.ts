/**
 * `explainSearch()`: the plan of a k-NN search on a column as the application would run it (the
 * planner's own choice, under the given settings), to prove an index serves it.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { requireVector } from './availability.js'
import { vectorColumn } from './column.js'
import { vectorIndexes } from './indexes.js'
import { inputError } from './input-checks.js'
import type { Metric } from './metric.js'
import { readVectors } from './read-vectors.js'
import { searchQuery } from './run-searches.js'
import { planOf, type SearchPlan } from './search-plan.js'
import { type SearchSettings, withSettings } from './session.js'

/** Options of `explainSearch()`. */
export interface ExplainSearchOptions {
  readonly table: string
  readonly column: string
  /** Default 10. */
  readonly k?: number
  /** Default: the metric of the column's first HNSW/IVFFlat index, else `l2`. */
  readonly metric?: Metric
  readonly filter?: string
  readonly settings?: SearchSettings
}

/**
 * Plans `SELECT … ORDER BY column <op> $1 LIMIT k` with one of the table's own vectors as the query.
 *
 * @example
 * const plan = await explainSearch(client, { table: 'items', column: 'embedding' })
 * plan.index // 'items_embedding_idx', or null when the planner chose a sequential scan
 */
export async function explainSearch(db: Queryable, options: ExplainSearchOptions): Promise<SearchPlan> {
  await requireVector(db)
  const col = await vectorColumn(db, options.table, options.column)
  const metric = options.metric ?? (await vectorIndexes(db, col))[0]?.metric ?? 'l2'
  const sample = await readVectors(db, col, options.filter, 1)
  if (sample.count === 0)
    throw inputError(
      `explain a search of ${col.table}`,
      'the table is empty',
      'Load rows first (and ANALYZE).',
    )
  const query = searchQuery(col, metric, options.k ?? 10, sample.dimensions, options.filter)
  return withSettings(db, options.settings ?? {}, (session) =>
    planOf(session, query.sql, [query.param(sample.vectors, 0)]),
  )
}
