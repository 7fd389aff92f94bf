/**
 * The vector figures of issue 16, on PGlite + pgvector (the engine that has pgvector here):
 *  1. ground truth for 10K × 1536-d, 100 queries, per metric (`--metric l2,ip,cosine,l1`):
 *     in-process (typed arrays, float32 sums) against the same exact search in SQL (sequential
 *     scan), and whether both give the same 10 distances and the same 10 rows (ties by id);
 *  2. ingest of 100K × 128-d: PGlite over its socket (pg client: batched INSERT, since COPY FROM
 *     STDIN loses protocol sync there), PGlite in-process COPY FROM '/dev/blob' (a real COPY),
 *     and the embedded engine's COPY of the same rows into float4[] (no pgvector in its binaries:
 *     what COPY of this much text costs natively, for scale); with PGTESTBED_VECTOR_BIN_DIR set
 *     to binaries that have pgvector (none ship it here: built by hand), `loadVectors` into
 *     vector(128) on an embedded cluster of those (COPY);
 *  3. the sweep on 10K × 128-d (HNSW ef_search 10–160, IVFFlat lists 10 probes 1–8), run twice
 *     on fresh tables with the same seed: the largest recall difference.
 * Never a test: timings are figures for docs/benchmarks.md, not assertions.
 *
 * Usage: npx jiti bench/vector.ts [--only truth|ingest|sweep] [--metric l2,ip,cosine,l1] [--runs 3]
 *        [--spread 0.1]
 */
import { parseArgs } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { benchVector } from '../src/bench/index.js'
import { startEmbedded } from '../src/engine/index.js'
import { median } from '../src/internal/median.js'
import { createScratchDatabase } from '../src/sql/index.js'
import { exactNeighbours, loadVectors, sweepTable, syntheticDataset } from '../src/vector/index.js'
import { METRICS, type Metric, OPERATOR } from '../src/vector/metric.js'
import { vectorLiteral } from '../src/vector/vector-text.js'

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    spread: { type: 'string' },
    metric: { type: 'string' },
  },
})
const METRIC_LIST = (values.metric ?? 'l2').split(',').map((m) => {
  if (!(METRICS as readonly string[]).includes(m))
    throw new Error(`--metric ${m}: give l2, ip, cosine or l1 (comma-separated)`)
  return m as Metric
})
const RUNS = Number(values.runs ?? 3)
const want = (part: string) => values.only === undefined || values.only === part

async function pglite() {
  const db = await PGlite.create({ extensions: { vector } })
  const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 })
  await socket.start()
  const client = new pg.Client({
    connectionString: `postgresql://postgres@${socket.getServerConn()}/postgres`,
  })
  await client.connect()
  return {
    db,
    client,
    async close() {
      await client.end()
      await socket.stop()
      await db.close()
    },
  }
}

function* copyChunks(data: Float32Array, rows: number, dims: number, array: boolean): Generator<string> {
  for (let first = 0; first < rows; first += 1000) {
    const lines: string[] = []
    for (let i = first; i < Math.min(rows, first + 1000); i++) {
      const text = vectorLiteral(data, i * dims, dims)
      lines.push(`${i}\t${array ? `{${text.slice(1, -1)}}` : text}\n`)
    }
    yield lines.join('')
  }
}

if (want('truth')) {
  const data = syntheticDataset({ count: 10_000, dimensions: 1536, queries: 100, seed: 1 })
  const s = await pglite()
  try {
    await s.client.query('CREATE EXTENSION vector')
    await s.db.query('CREATE TABLE big (id integer PRIMARY KEY, embedding vector(1536))')
    await s.db.query("COPY big FROM '/dev/blob'", [], {
      blob: new Blob([...copyChunks(data.vectors, 10_000, 1536, false)]),
    })
    for (const metric of METRIC_LIST) {
      const js: number[] = []
      let truth = exactNeighbours(data.vectors, data.queries, 1536, 10, metric)
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now()
        truth = exactNeighbours(data.vectors, data.queries, 1536, 10, metric)
        js.push(performance.now() - t)
      }
      let agreeing = 0
      let sameRows = 0
      const t = performance.now()
      for (let q = 0; q < 100; q++) {
        const { rows } = await s.client.query<{ id: number; d: number }>(
          `SELECT id, embedding ${OPERATOR[metric]} $1::vector AS d FROM big ORDER BY 2, 1 LIMIT 10`,
          [vectorLiteral(data.queries, q * 1536, 1536)],
        )
        if (rows.every((row, i) => row.d === truth.distances[q * 10 + i])) agreeing++
        if (rows.every((row, i) => row.id === truth.rows[q * 10 + i])) sameRows++
      }
      const sql = performance.now() - t
      console.log(
        `ground truth 10K x 1536, ${metric} (${OPERATOR[metric]}), 100 queries, k 10: in-process median ${Math.round(median(js))} ms (runs ${js.map(Math.round).join(', ')}), SQL seq scan ${Math.round(sql)} ms: ${(sql / median(js)).toFixed(1)}x; same 10 distances ${agreeing}/100, same 10 rows ${sameRows}/100`,
      )
    }
  } finally {
    await s.close()
  }
}

if (want('ingest')) {
  const data = syntheticDataset({ count: 100_000, dimensions: 128, queries: 0, seed: 1 })
  const socket: number[] = []
  const blob: number[] = []
  const native: number[] = []
  const nativeVector: number[] = []
  const server = await startEmbedded({})
  const vectorBin = process.env['PGTESTBED_VECTOR_BIN_DIR']
  const vectorServer = vectorBin ? await startEmbedded({ binDir: vectorBin }) : undefined
  for (let r = 0; r < RUNS; r++) {
    const s = await pglite()
    try {
      const loaded = await loadVectors(s.client, { table: 'items', dimensions: 128, vectors: data.vectors })
      socket.push(loaded.ms)
      await s.db.query('CREATE TABLE items2 (id integer PRIMARY KEY, embedding vector(128))')
      const t = performance.now()
      await s.db.query("COPY items2 FROM '/dev/blob'", [], {
        blob: new Blob([...copyChunks(data.vectors, 100_000, 128, false)]),
      })
      blob.push(performance.now() - t)
    } finally {
      await s.close()
    }
    const db = await createScratchDatabase(server.url, { prefix: 'bench', purpose: 'vec' })
    try {
      await db.session.query('CREATE TABLE items (id integer PRIMARY KEY, embedding float4[])')
      const { from } = await import('pg-copy-streams')
      const { pipeline } = await import('node:stream/promises')
      const { Readable } = await import('node:stream')
      const t = performance.now()
      await pipeline(
        Readable.from(copyChunks(data.vectors, 100_000, 128, true)),
        db.session.query(from('COPY items FROM STDIN')),
      )
      native.push(performance.now() - t)
    } finally {
      await db.drop()
    }
    if (vectorServer !== undefined) {
      const vdb = await createScratchDatabase(vectorServer.url, { prefix: 'bench', purpose: 'vec' })
      try {
        await vdb.session.query('CREATE EXTENSION vector')
        const loaded = await loadVectors(vdb.session, {
          table: 'items',
          dimensions: 128,
          vectors: data.vectors,
        })
        if (loaded.method !== 'copy')
          throw new Error(`expected COPY on native pgvector, got ${loaded.method}`)
        nativeVector.push(loaded.ms)
      } finally {
        await vdb.drop()
      }
    }
  }
  await server.close()
  await vectorServer?.close()
  const fmt = (xs: number[]) =>
    `median ${Math.round(median(xs))} ms (${Math.round(100_000_000 / median(xs))} rows/s; runs ${xs.map(Math.round).join(', ')})`
  console.log(`ingest 100K x 128, ${RUNS} runs each:`)
  console.log(`  pglite over its socket (loadVectors: batched INSERT) ${fmt(socket)}`)
  console.log(`  pglite in-process COPY FROM '/dev/blob' (text built in the timing) ${fmt(blob)}`)
  console.log(`  embedded PostgreSQL ${server.serverVersion} COPY into float4[] (no pgvector) ${fmt(native)}`)
  if (vectorServer !== undefined)
    console.log(
      `  PostgreSQL ${vectorServer.serverVersion} with pgvector (loadVectors: COPY) ${fmt(nativeVector)}`,
    )
}

if (want('sweep')) {
  const s = await pglite()
  try {
    const result = await benchVector(s.client, {
      rows: 10_000,
      dimensions: 128,
      queries: 100,
      spread: Number(values.spread ?? 0.1),
      rerun: true,
      sweep: {
        hnsw: { m: [16], efConstruction: [64], efSearch: [10, 20, 40, 80, 160] },
        ivfflat: { lists: [10], probes: [1, 2, 4, 8] },
      },
    })
    console.log(
      `sweep 10K x 128, spread ${result.spread}, 100 queries, k 10 (QPS: fastest of 3 passes, one session):`,
    )
    console.log(sweepTable(result.sweep))
    console.log(`rerun on a fresh table, same seed:`)
    console.log(sweepTable(result.rerun!))
    console.log(`largest recall difference: ${result.rerunMaxDelta?.toFixed(4)}`)
    console.log(
      `also: ingest ${Math.round(result.ingest.ms)} ms (${result.ingest.method}); ground truth 10K x 128: in-process ${Math.round(result.groundTruth.jsMs)} ms vs SQL ${Math.round(result.groundTruth.sqlMs)} ms (${result.groundTruth.speedup.toFixed(1)}x)`,
    )
  } finally {
    await s.close()
  }
}
