/**
 * Everything a recall measurement needs before it runs a search: the column, its indexes, the
 * metric, the query vectors and the exact neighbours computed in-process. Built once and reused
 * across settings (a sweep measures many settings against one ground truth).
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { requireVector } from './availability.js'
import { type VectorColumn, vectorColumn } from './column.js'
import { f16round } from './float16.js'
import { exactNeighbours, type GroundTruth } from './ground-truth.js'
import { type VectorIndex, vectorIndexes } from './indexes.js'
import { checkK, checkVectors, inputError } from './input-checks.js'
import type { Metric } from './metric.js'
import { readVectors } from './read-vectors.js'
import { sampleQueries } from './sample-queries.js'

/** Query vectors: a count (sampled from the table), rows of numbers, or a row-major float32 array. */
export type QueryInput = number | Float32Array | readonly (readonly number[])[]

/** What to measure. */
export interface RecallTarget {
  readonly table: string
  readonly column: string
  /** Neighbours per query. Default 10. */
  readonly k?: number
  /** Default 100 queries sampled from the table (seeded rows plus small noise). */
  readonly queries?: QueryInput
  /** Default: the index's metric, else `l2`. */
  readonly metric?: Metric
  /** The index expected to serve the search. Default: any HNSW/IVFFlat index on the column. */
  readonly index?: string
  /** A SQL condition (`tenant_id = 3`); the truth is computed over the rows it matches. */
  readonly filter?: string
  /** Seed of the sampled queries. Default 1. */
  readonly seed?: number
}

/** A prepared measurement. */
export interface RecallContext {
  readonly column: VectorColumn
  readonly indexes: readonly VectorIndex[]
  readonly metric: Metric
  readonly dimensions: number
  readonly rows: number
  readonly k: number
  readonly queries: Float32Array
  readonly truth: GroundTruth
  readonly filter: string | undefined
}

function toQueries(input: QueryInput, dims: number, vectors: Float32Array, seed: number): Float32Array {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 1)
      throw inputError('sample queries', `queries is ${input}`, 'Give a whole number ≥ 1 (e.g. 100).')
    return sampleQueries(vectors, dims, input, seed)
  }
  const flat = input instanceof Float32Array ? input.slice() : Float32Array.from(input.flat())
  const raw = input instanceof Float32Array ? input : input.flat()
  checkVectors(raw, dims, 'the query vectors')
  for (const row of input instanceof Float32Array ? [] : input) {
    if (row.length !== dims)
      throw inputError(
        'use the query vectors',
        `a query has ${row.length} dimensions, the column ${dims}`,
        `Give ${dims} components per query.`,
      )
  }
  return flat
}

/**
 * Resolves the column and index, reads the vectors and computes the exact neighbours.
 *
 * @example
 * const ctx = await prepareRecall(client, { table: 'items', column: 'embedding', k: 10 })
 */
export async function prepareRecall(db: Queryable, target: RecallTarget): Promise<RecallContext> {
  await requireVector(db)
  const column = await vectorColumn(db, target.table, target.column)
  const indexes = await vectorIndexes(db, column, target.index)
  const metric = target.metric ?? indexes[0]?.metric ?? 'l2'
  const named = target.index === undefined ? undefined : indexes[0]
  if (named !== undefined && named.metric !== metric) {
    throw inputError(
      `measure recall with ${named.name}`,
      `the index orders by ${named.metric} but the search asks for ${metric}`,
      `Search with metric '${named.metric}', or index with the ${metric} operator class.`,
    )
  }
  const data = await readVectors(db, column, target.filter)
  const k = target.k ?? 10
  checkK(
    k,
    data.count,
    `${column.table}.${column.column}${target.filter === undefined ? '' : ` where ${target.filter}`}`,
  )
  const queries = toQueries(target.queries ?? 100, data.dimensions, data.vectors, target.seed ?? 1)
  // The server narrows a halfvec query to half precision: so does the truth.
  if (column.type === 'halfvec') for (let i = 0; i < queries.length; i++) queries[i] = f16round(queries[i]!)
  const truth = exactNeighbours(data.vectors, queries, data.dimensions, k, metric)
  return {
    column,
    indexes: indexes.filter((i) => i.metric === metric),
    metric,
    dimensions: data.dimensions,
    rows: data.count,
    k,
    queries,
    truth,
    filter: target.filter,
  }
}
