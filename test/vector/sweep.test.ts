import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  loadVectors,
  type SweepReport,
  sweepChart,
  sweepIndex,
  sweepTable,
  syntheticDataset,
} from '../../src/public/vector.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

let server: VectorServer
let client: pg.Client
let report: SweepReport

beforeAll(async () => {
  server = await startVectorServer()
  client = await server.connect()
  const data = syntheticDataset({
    count: 1500,
    dimensions: 24,
    queries: 0,
    clusters: 30,
    spread: 1, // overlapping clusters: one IVFFlat list can never hold every neighbour (at 0.2 k-means sometimes found the 30 clusters exactly and probes=1 reached recall 1)
    seed: 6,
  })
  await loadVectors(client, { table: 'items', dimensions: 24, vectors: data.vectors })
  report = await sweepIndex(client, {
    table: 'items',
    column: 'embedding',
    queries: 20,
    runs: 1,
    hnsw: { m: [8], efConstruction: [32], efSearch: [10, 80] },
    ivfflat: { lists: [30], probes: [1, 30] },
  })
})
afterAll(async () => server?.close())

describe('sweepIndex', () => {
  it('measures each build and search setting with its own index, then drops it', async () => {
    expect(report.points.map((p) => [p.method, p.build, p.search, p.usedIndex])).toEqual([
      ['hnsw', { m: 8, ef_construction: 32 }, { 'hnsw.ef_search': 10 }, 'pgtestbed_sweep_0'],
      ['hnsw', { m: 8, ef_construction: 32 }, { 'hnsw.ef_search': 80 }, 'pgtestbed_sweep_0'],
      ['ivfflat', { lists: 30 }, { 'ivfflat.probes': 1 }, 'pgtestbed_sweep_1'],
      ['ivfflat', { lists: 30 }, { 'ivfflat.probes': 30 }, 'pgtestbed_sweep_1'],
    ])
    const [efLow, efHigh, probe1, probeAll] = report.points
    expect(efHigh!.recall).toBeGreaterThanOrEqual(efLow!.recall)
    expect(probe1!.recall).toBeLessThan(probeAll!.recall)
    expect(probeAll!.recall).toBe(1)
    for (const p of report.points) expect(p.qps).toBeGreaterThan(0)
    expect(
      (
        await client.query(
          "SELECT 1 FROM pg_indexes WHERE tablename = 'items' AND indexname LIKE 'pgtestbed_sweep%'",
        )
      ).rowCount,
    ).toBe(0)
  })

  it('renders a table and an SVG chart with one line per build', () => {
    const table = sweepTable(report).split('\n')
    expect(table[0]).toMatch(/^index +search +recall@10 +queries\/s +p50 ms +rows\/query +build ms$/)
    expect(table[2]).toMatch(/^hnsw m=8 ef_construction=32 +ef_search=10 +\d\.\d{4} /)
    const svg = sweepChart(report)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(svg.match(/<polyline /g)).toHaveLength(2)
    expect(svg.match(/<circle /g)).toHaveLength(4)
    expect(svg).toContain('<title>ivfflat lists=30 probes=1: recall')
  })

  it('refuses a column that already has an index for the metric, and an empty grid', async () => {
    await client.query('CREATE INDEX own ON items USING ivfflat (embedding vector_l2_ops) WITH (lists = 10)')
    try {
      await expect(sweepIndex(client, { table: 'items', column: 'embedding', hnsw: {} })).rejects.toThrow(
        /it already has own for l2 \(<->\), which the planner could pick instead\. Sweep a copy/,
      )
    } finally {
      await client.query('DROP INDEX own')
    }
    await expect(sweepIndex(client, { table: 'items', column: 'embedding' })).rejects.toThrow(
      /neither hnsw nor ivfflat/,
    )
  })
})
