import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRecall } from '../../src/vector/check-recall.js'
import { exactNeighbours } from '../../src/vector/ground-truth.js'
import { loadVectors } from '../../src/vector/load-vectors.js'
import type { Metric } from '../../src/vector/metric.js'
import { roundingBound } from '../../src/vector/rounding-bound.js'
import { syntheticDataset } from '../../src/vector/synthetic.js'
import { vectorLiteral } from '../../src/vector/vector-text.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

const DIMS = 32
const data = syntheticDataset({ count: 2000, dimensions: DIMS, queries: 20, clusters: 20, seed: 5 })
let server: VectorServer
let client: pg.Client

beforeAll(async () => {
  server = await startVectorServer()
  client = await server.connect()
  const loaded = await loadVectors(client, {
    table: 'items',
    dimensions: DIMS,
    vectors: data.vectors,
    categories: 10,
  })
  expect(loaded).toMatchObject({ rows: 2000, method: server.pglite ? 'insert' : 'copy' })
  await client.query('CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_l2_ops)')
  await client.query(
    'CREATE INDEX items_ivf ON items USING ivfflat (embedding vector_cosine_ops) WITH (lists = 40)',
  )
  await client.query('ANALYZE items')
})
afterAll(async () => server?.close())

describe('ground truth', () => {
  it('ranks like the exact search in SQL, distance for distance', async () => {
    const truth = exactNeighbours(data.vectors, data.queries, DIMS, 10, 'l2')
    for (let q = 0; q < 5; q++) {
      const { rows } = await client.query<{ id: number; d: number }>(
        'SELECT id, embedding <-> $1::vector AS d FROM items ORDER BY 2 LIMIT 10',
        [vectorLiteral(data.queries, q * DIMS, DIMS)],
      )
      expect(rows.map((r) => r.id)).toEqual(Array.from(truth.rows.subarray(q * 10, q * 10 + 10)))
      expectServerDistances(
        'l2',
        rows,
        truth.distances.subarray(q * 10, q * 10 + 10),
        data.vectors,
        data.queries,
        q,
        DIMS,
      )
    }
  })

  it('every metric on hard data: the same rows and distances as the server, bit for bit', async () => {
    // Clustered rows, exact copies (ties, broken by id), rows scaled from 1e-3 to 1e3, zero rows
    // (cosine NaN, sorted last) and negative components; the rows are ids 0…n-1.
    const dims = 40
    const base = syntheticDataset({ count: 300, dimensions: dims, queries: 4, clusters: 5, seed: 8 })
    const vectors = new Float32Array(base.vectors)
    for (let r = 0; r < 300; r++) {
      const scale = r % 37 === 0 ? 0 : 10 ** ((r % 7) - 3)
      for (let i = 0; i < dims; i++)
        vectors[r * dims + i] =
          r % 5 === 1 ? vectors[(r - 1) * dims + i]! : Math.fround(base.vectors[r * dims + i]! * scale)
    }
    await client.query(`CREATE TABLE hard (id integer PRIMARY KEY, embedding vector(${dims}))`)
    await client.query(
      'INSERT INTO hard SELECT i - 1, v::vector FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i)',
      [Array.from({ length: 300 }, (_, r) => vectorLiteral(vectors, r * dims, dims))],
    )
    for (const [metric, op] of [
      ['ip', '<#>'],
      ['cosine', '<=>'],
      ['l2', '<->'],
      ['l1', '<+>'],
    ] as const) {
      const truth = exactNeighbours(vectors, base.queries, dims, 12, metric)
      for (let q = 0; q < 4; q++) {
        const { rows } = await client.query<{ id: number; d: number }>(
          `SELECT id, embedding ${op} $1::vector AS d FROM hard ORDER BY 2, 1 LIMIT 12`,
          [vectorLiteral(base.queries, q * dims, dims)],
        )
        expect(rows.map((r) => r.id)).toEqual(Array.from(truth.rows.subarray(q * 12, q * 12 + 12)))
        expectServerDistances(
          metric,
          rows,
          truth.distances.subarray(q * 12, q * 12 + 12),
          vectors,
          base.queries,
          q,
          dims,
        )
      }
    }
    // A zero query: every cosine distance is NaN on the server too; ties by id.
    const zero = new Float32Array(dims)
    const truth = exactNeighbours(vectors, zero, dims, 3, 'cosine')
    const { rows } = await client.query<{ id: number; d: number }>(
      'SELECT id, embedding <=> $1::vector AS d FROM hard ORDER BY 2, 1 LIMIT 3',
      [vectorLiteral(zero, 0, dims)],
    )
    expect(rows.map((r) => r.id)).toEqual(Array.from(truth.rows))
    expect(rows.map((r) => r.d)).toEqual([Number.NaN, Number.NaN, Number.NaN])
    expect(Array.from(truth.distances)).toEqual([Number.NaN, Number.NaN, Number.NaN])
  })
})

describe('checkRecall', () => {
  it('measures the HNSW index on clustered data, and EXPLAIN shows the index served it', async () => {
    const report = await checkRecall(client, { table: 'items', column: 'embedding', k: 10, queries: 30 })
    expect(report).toMatchObject({ metric: 'l2', k: 10, queries: 30, rows: 2000, usedIndex: 'items_hnsw' })
    expect(report.recall).toBeGreaterThanOrEqual(0.9)
    expect(report.plan.nodes).toContain('Index Scan')
  })

  it('left to the planner, a small table is searched exactly (recall 1, no index)', async () => {
    await client.query('CREATE TABLE few AS SELECT id, embedding FROM items WHERE id < 100')
    await client.query('CREATE INDEX few_hnsw ON few USING hnsw (embedding vector_l2_ops)')
    await client.query('ANALYZE few')
    const report = await checkRecall(client, {
      table: 'few',
      column: 'embedding',
      k: 10,
      queries: 10,
      indexUse: 'planner',
    })
    expect(report.usedIndex).toBeNull()
    expect(report.recall).toBe(1)
  })

  it('IVFFlat with one probe of 40 lists misses neighbours; probes = lists finds them all', async () => {
    const base = { table: 'items', column: 'embedding', index: 'items_ivf', k: 10, queries: 30 } as const
    const one = await checkRecall(client, { ...base, settings: { 'ivfflat.probes': 1 } })
    const all = await checkRecall(client, { ...base, settings: { 'ivfflat.probes': 40 } })
    expect(one).toMatchObject({ metric: 'cosine', usedIndex: 'items_ivf' })
    expect(one.recall).toBeLessThan(all.recall)
    expect(all.recall).toBe(1)
  })

  it('halfvec and sparsevec: an exact scan scores 1, so the truth ranks as the server does', async () => {
    await client.query(
      'CREATE TABLE other AS SELECT id, embedding::halfvec(32) AS h, embedding::sparsevec(32) AS s FROM items',
    )
    for (const column of ['h', 's']) {
      for (const metric of ['l2', 'ip', 'cosine', 'l1'] as const) {
        const r = await checkRecall(client, { table: 'other', column, metric, k: 10, queries: 10 })
        expect([column, metric, r.usedIndex, r.recall]).toEqual([column, metric, null, 1])
      }
    }
  })
})

/**
 * The server's distances against the in-process ones: bit for bit on PGlite, whose pgvector sums
 * in order as `distance()` does; within the rounding of another summation order on a native
 * build (vector lanes: see rounding-bound.ts). Row `id` is row `id` of `vectors`.
 */
function expectServerDistances(
  metric: Metric,
  rows: readonly { id: number; d: number }[],
  want: Float64Array | Float32Array,
  vectors: Float32Array,
  queries: Float32Array,
  q: number,
  dims: number,
): void {
  if (server.pglite) {
    expect(rows.map((r) => r.d)).toEqual(Array.from(want))
    return
  }
  for (const [i, r] of rows.entries()) {
    const expected = want[i] as number
    if (Number.isNaN(expected)) expect(r.d).toBeNaN()
    else {
      const bound = roundingBound(metric, vectors, r.id * dims, queries, q * dims, dims)
      expect(Math.abs(r.d - expected), `${metric} row ${r.id}`).toBeLessThanOrEqual(bound)
    }
  }
}
