// Embeddings on the pglite engine (pgvector): what the server keeps of the values written, bulk
// loading, and the HNSW index's recall@k against exact search — each test on its own database.

import {
  checkPrecision,
  exactNeighbours,
  syntheticDataset,
  type VectorMatchers,
  vectorMatchers,
  vectorSearch,
} from 'pgtestbed/vector'
import { expect, type TestDb, test } from 'pgtestbed/vitest'
import { saveEmbeddings, similarAllocations } from '../../src/embeddings.js'

expect.extend(vectorMatchers)
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest's own declaration uses
  interface Assertion<T = any> extends VectorMatchers<T> {}
}

const DIMS = 32
// 2,000 × 32 in 20 seeded Gaussian clusters: the same float32 values on every machine, and big
// enough that the planner picks the HNSW index on its own.
const data = syntheticDataset({ count: 2000, dimensions: DIMS, queries: 20, clusters: 20, seed: 4 })
const items = Array.from({ length: 2000 }, (_, i) => ({
  allocationId: i + 1,
  embedding: data.vectors.subarray(i * DIMS, (i + 1) * DIMS),
}))

/** 2,000 allocations (ids 1…2000) in the test's database, for the embeddings to belong to. */
async function allocate(db: TestDb): Promise<void> {
  await db.query(`INSERT INTO funds (code, budget_cents) VALUES ('ml', 1000000000);
    INSERT INTO allocations (fund_id, project, amount_cents)
    SELECT 1, 'project-' || n, 100 FROM generate_series(1, 2000) AS n`)
}

test('stores embeddings as float32: each component reads back as the float32 of what was written', async ({
  db,
}) => {
  await allocate(db)
  const written = [Array.from({ length: DIMS }, (_, i) => Math.PI * (i + 1) * 1e-3)]
  await saveEmbeddings(db, [{ allocationId: 7, embedding: written[0]! }])
  const { rows } = await db.query<{ e: string }>(
    'SELECT embedding::text AS e FROM allocation_embeddings WHERE allocation_id = 7',
  )
  // pgvector prints the shortest decimal of each float32 (0.03141593): read it back as float32.
  const stored = (JSON.parse(rows[0]!.e) as number[]).map(Math.fround)
  expect(stored).toEqual(written[0]!.map(Math.fround))
  expect(stored).not.toEqual(written[0]) // the doubles themselves do not survive
  // The server-wide check over magnitudes 1e-3 … 1e3 (a rolled-back temporary table).
  const precision = await checkPrecision(db, { type: 'vector' })
  expect(precision.notAsExpected).toBe(0)
  expect(precision.maxRelError).toBeLessThanOrEqual(2 ** -24)
})

test('bulk-loads 2,000 embeddings in batches of 500', async ({ db }) => {
  await allocate(db)
  expect(await saveEmbeddings(db, items, 500)).toBe(2000)
  const { rows } = await db.query<{ n: number; dims: number }>(
    'SELECT count(*)::int AS n, min(vector_dims(embedding)) AS dims FROM allocation_embeddings',
  )
  expect(rows[0]).toEqual({ n: 2000, dims: DIMS })
  // Saving again replaces, not duplicates.
  await saveEmbeddings(db, items.slice(0, 10))
  expect((await db.query('SELECT count(*)::int AS n FROM allocation_embeddings')).rows[0]).toEqual({
    n: 2000,
  })
})

test('similar allocations through the HNSW index: recall@10 ≥ 0.9 against exact search, index used', async ({
  db,
}) => {
  await allocate(db)
  await saveEmbeddings(db, items)
  await db.query('ANALYZE allocation_embeddings')
  const search = vectorSearch(db, { table: 'allocation_embeddings', column: 'embedding', queries: 20 })
  // The ground truth is computed in-process (float32, as pgvector); the index is forced.
  await expect(search).toHaveRecallAtLeast(0.9, { k: 10 })
  // And left to the planner, as the app's query runs, the index serves it.
  await expect(search).toUseIndex('allocation_embeddings_hnsw')

  // The app's own query, against the exact answer for one of the dataset's queries.
  const query = data.queries.subarray(0, DIMS)
  const truth = exactNeighbours(data.vectors, query, DIMS, 10, 'cosine')
  const found = await similarAllocations(db, query, 10)
  const exact = new Set(Array.from(truth.rows, (row) => row + 1))
  const hits = found.filter((f) => exact.has(f.allocationId)).length
  expect(hits).toBeGreaterThanOrEqual(8)
})
