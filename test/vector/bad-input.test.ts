import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireVector } from '../../src/vector/availability.js'
import { checkRecall } from '../../src/vector/check-recall.js'
import { loadVectors } from '../../src/vector/load-vectors.js'
import { syntheticDataset } from '../../src/vector/synthetic.js'
import { VectorError } from '../../src/vector/vector-error.js'
import { scratchDatabase } from '../support/scratch-database.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

let server: VectorServer
let client: pg.Client
const data = syntheticDataset({ count: 200, dimensions: 8, queries: 5, seed: 2 })

beforeAll(async () => {
  server = await startVectorServer()
  client = await server.connect()
  await loadVectors(client, { table: 'items', dimensions: 8, vectors: data.vectors })
  await client.query('CREATE INDEX items_btree ON items USING btree (embedding)')
})
afterAll(async () => server?.close())

const tables = async () =>
  (
    await client.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
  ).rows.map((r) => r.t)

describe('bad input: a clear error, nothing written', () => {
  it('NaN or infinite components', async () => {
    const bad = data.vectors.slice(0, 16)
    bad[11] = Number.NaN
    await expect(loadVectors(client, { table: 'nan_rows', dimensions: 8, vectors: bad })).rejects.toThrow(
      'Failed to use the vectors for nan_rows: vector 1 has NaN at component 3; pgvector stores finite float32 values only. Replace NaN and infinite values (and values beyond ±3.4e38) before loading or searching.',
    )
    bad[11] = Number.POSITIVE_INFINITY
    await expect(loadVectors(client, { table: 'nan_rows', dimensions: 8, vectors: bad })).rejects.toThrow(
      /Infinity/,
    )
    expect(await tables()).toEqual(['items'])
  })

  it('wrong dimensions: of the loaded vectors, of the queries', async () => {
    await expect(
      loadVectors(client, { table: 'short', dimensions: 8, vectors: data.vectors.slice(0, 12) }),
    ).rejects.toThrow(/12 numbers are not whole rows of 8 dimensions/)
    await expect(
      checkRecall(client, { table: 'items', column: 'embedding', queries: [[1, 2, 3]] }),
    ).rejects.toThrow(/3 numbers are not whole rows of 8 dimensions/)
    expect(await tables()).toEqual(['items'])
  })

  it('a column that is not a vector, a missing column or table', async () => {
    await expect(checkRecall(client, { table: 'items', column: 'id' })).rejects.toThrow(
      'Failed to check items.id: the column is integer, not a vector (vector, halfvec or sparsevec). Use one of its vector columns (embedding).',
    )
    await expect(checkRecall(client, { table: 'items', column: 'nope' })).rejects.toThrow(
      /items has no column nope/,
    )
    await expect(checkRecall(client, { table: 'nope', column: 'embedding' })).rejects.toThrow(
      /there is no table nope/,
    )
  })

  it('an index of another kind', async () => {
    const err = await checkRecall(client, {
      table: 'items',
      column: 'embedding',
      index: 'items_btree',
    }).catch((e) => e)
    expect(err).toBeInstanceOf(VectorError)
    expect(err.code).toBe('PGT_VECTOR_INPUT')
    expect(err.message).toMatch(/it is a btree index with vector_ops, not an HNSW or IVFFlat index/)
  })

  it('k larger than the table', async () => {
    await expect(checkRecall(client, { table: 'items', column: 'embedding', k: 500 })).rejects.toThrow(
      'k is 500 but the table has 200 rows to search',
    )
  })
})

describe('where pgvector is missing', () => {
  it('names the engines that have it (against the embedded engine, which does not)', async () => {
    const db = await scratchDatabase()
    try {
      const err = await requireVector(db.client, { create: true }).catch((e) => e)
      expect(err).toBeInstanceOf(VectorError)
      expect(err.code).toBe('PGT_VECTOR_MISSING')
      expect(err.message).toMatch(
        /^Failed to use pgvector: this PostgreSQL [\d.]+ server does not have the vector extension\./,
      )
      expect(err.message).toMatch(/engine: 'pglite'.*engine: 'url'.*system PostgreSQL binaries with pgvector/)
      await expect(
        loadVectors(db.client, { table: 'items', dimensions: 8, vectors: data.vectors }),
      ).rejects.toThrow(/does not have the vector extension/)
      expect((await db.client.query("SELECT 1 FROM pg_tables WHERE tablename = 'items'")).rowCount).toBe(0)
    } finally {
      await db.drop()
    }
  })
})
