/**
 * Runs k-NN queries in SQL the way an application would (`ORDER BY col <op> $1 LIMIT k`) and keeps
 * what came back and how long each took; distances are recomputed in JavaScript by the caller.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import type { VectorColumn } from './column.js'
import { type Metric, OPERATOR } from './metric.js'
import { parseVector, sparseLiteral, vectorLiteral } from './vector-text.js'

/** The SQL of one search and how to bind a query vector to it. */
export interface SearchQuery {
  readonly sql: string
  param(queries: Float32Array, q: number): string
}

/**
 * The search statement for a column of `dims` dimensions, a metric, k and an optional filter.
 *
 * @example
 * searchQuery(col, 'l2', 10, 128).sql // 'SELECT "embedding"::text AS v FROM items ORDER BY "embedding" <-> $1::vector(128) LIMIT 10'
 */
export function searchQuery(
  col: VectorColumn,
  metric: Metric,
  k: number,
  dims: number,
  filter?: string,
): SearchQuery {
  const where = filter === undefined ? '' : ` WHERE (${filter})`
  const sql = `SELECT ${col.columnSql}::text AS v FROM ${col.table}${where} ORDER BY ${col.columnSql} ${OPERATOR[metric]} $1::${col.type}(${dims}) LIMIT ${k}`
  const literal = col.type === 'sparsevec' ? sparseLiteral : vectorLiteral
  return { sql, param: (queries, q) => literal(queries, q * dims, dims) }
}

/** What the searches returned: vectors per query (row-major, up to k each) and latencies. */
export interface SearchRun {
  readonly returned: readonly Float32Array[]
  readonly latenciesMs: readonly number[]
}

/**
 * Runs every query on `session`.
 *
 * @example
 * const run = await runSearches(session, searchQuery(col, 'l2', 10), queries, 128)
 */
export async function runSearches(
  session: Queryable,
  query: SearchQuery,
  queries: Float32Array,
  dims: number,
): Promise<SearchRun> {
  const returned: Float32Array[] = []
  const latenciesMs: number[] = []
  for (let q = 0; q < queries.length / dims; q++) {
    const started = performance.now()
    const { rows } = await session.query<{ v: string }>(query.sql, [query.param(queries, q)])
    latenciesMs.push(performance.now() - started)
    const out = new Float32Array(rows.length * dims)
    rows.forEach((row, i) => {
      parseVector(row.v, out, i * dims)
    })
    returned.push(out)
  }
  return { returned, latenciesMs }
}
