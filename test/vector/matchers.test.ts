import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkRecall,
  loadVectors,
  syntheticDataset,
  type VectorMatchers,
  vectorMatchers,
  vectorSearch,
} from '../../src/public/vector.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

expect.extend(vectorMatchers)
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest's own declaration uses
  interface Assertion<T = any> extends VectorMatchers<T> {}
}

let server: VectorServer
let client: pg.Client

beforeAll(async () => {
  server = await startVectorServer()
  client = await server.connect()
  const data = syntheticDataset({ count: 3000, dimensions: 32, queries: 0, clusters: 15, seed: 11 })
  await loadVectors(client, { table: 'items', dimensions: 32, vectors: data.vectors })
  await client.query('CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_cosine_ops)')
  await client.query('CREATE TABLE tiny AS SELECT * FROM items WHERE id < 50')
  await client.query('CREATE INDEX tiny_hnsw ON tiny USING hnsw (embedding vector_cosine_ops)')
  await client.query('ANALYZE')
})
afterAll(async () => server?.close())

describe('vector matchers', () => {
  it('toHaveRecallAtLeast passes on good recall and fails with the figures when asked for more', async () => {
    const search = vectorSearch(client, { table: 'items', column: 'embedding', queries: 20 })
    await expect(search).toHaveRecallAtLeast(0.9, { k: 10 })
    // ef_search 1 returns a single row per query: recall@10 ≤ 0.1.
    const starved = vectorSearch(client, {
      table: 'items',
      column: 'embedding',
      queries: 20,
      settings: { 'hnsw.ef_search': 1 },
    })
    await expect(starved).not.toHaveRecallAtLeast(0.5, { k: 10 })
    await expect(expect(starved).toHaveRecallAtLeast(0.5, { k: 10 })).rejects.toThrow(
      /expected recall@10 of items\.embedding \(cosine\) over 20 queries via index items_hnsw: 0\.\d+ .* to be at least 0\.5/,
    )
  })

  it('toHaveRecallAtLeast takes a report too', async () => {
    const report = await checkRecall(client, { table: 'items', column: 'embedding', queries: 10 })
    await expect(report).toHaveRecallAtLeast(0.9)
  })

  it('toUseIndex: the planner uses the index on the larger table and not on a tiny one', async () => {
    await expect(vectorSearch(client, { table: 'items', column: 'embedding' })).toUseIndex('items_hnsw')
    const tiny = vectorSearch(client, { table: 'tiny', column: 'embedding' })
    await expect(tiny).not.toUseIndex()
    await expect(expect(tiny).toUseIndex('tiny_hnsw')).rejects.toThrow(
      /expected the search to use index tiny_hnsw; the plan is Limit → Sort → Seq Scan \(no index\)/,
    )
  })

  it('explains what it needs when given something else', async () => {
    await expect(expect(42).toUseIndex()).rejects.toThrow(/expected vectorSearch\(db, …\) or a recall report/)
  })
})
