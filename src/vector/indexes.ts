/**
 * The approximate indexes (HNSW, IVFFlat) on a vector column, with their metric and build
 * parameters; asking for an index that is not one of them is a clear error.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import type { VectorColumn } from './column.js'
import { inputError } from './input-checks.js'
import { type Metric, metricOfOpclass } from './metric.js'

/** An HNSW or IVFFlat index on the column. */
export interface VectorIndex {
  readonly name: string
  readonly method: 'hnsw' | 'ivfflat'
  readonly metric: Metric
  /** Build parameters with pgvector's defaults filled in: `m`, `ef_construction` or `lists`. */
  readonly params: Readonly<Record<string, number>>
}

type IndexRow = {
  name: string
  method: string
  opclass: string
  options: string[] | null
}

const DEFAULTS: Readonly<Record<string, Record<string, number>>> = {
  hnsw: { m: 16, ef_construction: 64 },
  ivfflat: { lists: 100 },
}

/** Every index whose first key is the column, whatever its kind. */
async function indexRows(db: Queryable, col: VectorColumn): Promise<IndexRow[]> {
  const { rows } = await db.query<IndexRow>(
    `SELECT i.indexrelid::regclass::text AS name, am.amname AS method, opc.opcname AS opclass,
            c.reloptions AS options
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_am am ON am.oid = c.relam
       JOIN pg_opclass opc ON opc.oid = i.indclass[0]
      WHERE i.indrelid = $1 AND i.indkey[0] = $2
      ORDER BY 1`,
    [col.tableOid, col.attnum],
  )
  return rows
}

function toIndex(row: IndexRow): VectorIndex | undefined {
  const metric = metricOfOpclass(row.opclass)
  if ((row.method !== 'hnsw' && row.method !== 'ivfflat') || metric === undefined) return undefined
  const params = { ...DEFAULTS[row.method] }
  for (const option of row.options ?? []) {
    const [key, value] = option.split('=')
    if (key !== undefined && value !== undefined) params[key] = Number(value)
  }
  return { name: row.name, method: row.method, metric, params }
}

/**
 * The column's HNSW and IVFFlat indexes; with `name`, just that one (an error if it is missing
 * or of another kind).
 *
 * @example
 * const [index] = await vectorIndexes(client, col) // { name: 'items_embedding_idx', method: 'hnsw', … }
 */
export async function vectorIndexes(db: Queryable, col: VectorColumn, name?: string): Promise<VectorIndex[]> {
  const rows = await indexRows(db, col)
  const usable = rows.flatMap((r) => toIndex(r) ?? [])
  if (name === undefined) return usable
  const wanted = rows.find((r) => r.name === name || r.name.replace(/^.*\./, '') === name)
  const where = `${col.table}.${col.column}`
  if (wanted === undefined) {
    throw inputError(
      `use index ${name}`,
      `${where} has no index of that name`,
      `Use one of: ${usable.map((i) => i.name).join(', ') || 'none (create an hnsw or ivfflat index first)'}.`,
    )
  }
  const index = toIndex(wanted)
  if (index === undefined) {
    throw inputError(
      `use index ${name}`,
      `it is a ${wanted.method} index with ${wanted.opclass}, not an HNSW or IVFFlat index with a float distance`,
      'Check an hnsw or ivfflat index (vector_l2_ops, _ip_ops, _cosine_ops or _l1_ops).',
    )
  }
  return [index]
}
