import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkFilteredSearch, loadVectors, syntheticDataset } from '../../src/public/vector.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

let server: VectorServer
let client: pg.Client

beforeAll(async () => {
  server = await startVectorServer()
  client = await server.connect()
  const data = syntheticDataset({ count: 3000, dimensions: 32, queries: 0, clusters: 20, seed: 8 })
  await loadVectors(client, { table: 'items', dimensions: 32, vectors: data.vectors, categories: 10 })
  await client.query('CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_l2_ops)')
  await client.query('ANALYZE items')
})
afterAll(async () => server?.close())

describe('checkFilteredSearch', () => {
  it('a 10% filter on HNSW under-returns; iterative scans return k rows again', async () => {
    const r = await checkFilteredSearch(client, {
      table: 'items',
      column: 'embedding',
      filter: 'category = 3',
      k: 10,
      queries: 20,
      settings: { 'hnsw.ef_search': 20 },
    })
    expect(r).toMatchObject({ matching: 300, selectivity: 0.1, iterativeScanAvailable: true })
    const [off, strict, relaxed] = r.modes
    expect(off).toMatchObject({ iterativeScan: 'off', usedIndex: 'items_hnsw' })
    expect(off!.meanReturned).toBeLessThan(6)
    expect(off!.underReturned).toBeGreaterThan(10)
    for (const fixed of [strict!, relaxed!]) {
      expect(fixed.meanReturned).toBe(10)
      expect(fixed.recall).toBeGreaterThan(off!.recall)
    }
  })

  it('refuses a column without an approximate index', async () => {
    await client.query('CREATE TABLE plain AS SELECT * FROM items')
    await expect(
      checkFilteredSearch(client, { table: 'plain', column: 'embedding', filter: 'category = 1' }),
    ).rejects.toThrow(/the column has no HNSW or IVFFlat index for l2/)
  })
})
