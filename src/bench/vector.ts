/**
 * `pgtestbed bench vector`: on a server with pgvector, the three vector figures of issue 16 —
 * ingest of seeded embeddings (COPY, or batched INSERT where COPY cannot run), the in-process
 * ground truth against the same exact search in SQL, and a parameter sweep (recall vs QPS),
 * optionally run twice to show how far recall moves between builds with the same seed.
 * Works on scratch tables it drops afterwards.
 * @module
 */
import type pg from 'pg'
import { quoteIdent } from '../sql/index.js'
import {
  distance,
  exactNeighbours,
  loadVectors,
  parseVector,
  type SweepOptions,
  type SweepReport,
  searchQuery,
  sweepIndex,
  syntheticDataset,
  vectorColumn,
  withSettings,
} from '../vector/index.js'

/** Options of `benchVector()`. */
export interface VectorBenchOptions {
  readonly rows?: number
  readonly dimensions?: number
  readonly queries?: number
  readonly k?: number
  readonly seed?: number
  /** Spread of the clusters (default 0.1); larger is harder for an index. */
  readonly spread?: number
  /** Sweep grid; default HNSW m 16, ef_construction 64, ef_search 10/20/40/80/160 and IVFFlat lists rows/1000, probes 1/2/4/8/16. */
  readonly sweep?: Pick<SweepOptions, 'hnsw' | 'ivfflat'>
  /** Run the sweep a second time on a fresh table with the same seed. */
  readonly rerun?: boolean
  /** A new phase (`loading …`), and steps inside it (`sweep point 3/10`). */
  readonly onProgress?: (what: string, step?: boolean) => void
}

/** The measured figures. */
export interface VectorBenchResult {
  readonly rows: number
  readonly spread: number
  readonly dimensions: number
  readonly queries: number
  readonly k: number
  readonly ingest: { readonly ms: number; readonly rowsPerSecond: number; readonly method: 'copy' | 'insert' }
  readonly groundTruth: {
    readonly jsMs: number
    readonly sqlMs: number
    /** sqlMs / jsMs. */
    readonly speedup: number
    /** Queries whose SQL k-th distance equals the JavaScript one (a check, not a timing). */
    readonly agreeing: number
  }
  readonly sweep: SweepReport
  readonly rerun: SweepReport | null
  /** Largest |recall − rerun recall| over the points (null without a rerun). */
  readonly rerunMaxDelta: number | null
}

async function exactInSql(client: pg.Client, table: string, queries: Float32Array, dims: number, k: number) {
  const col = await vectorColumn(client, table, 'embedding')
  const q = searchQuery(col, 'l2', k, dims)
  const kth: number[] = []
  const started = performance.now()
  await withSettings(client, { enable_indexscan: 'off', enable_bitmapscan: 'off' }, async (s) => {
    for (let i = 0; i < queries.length / dims; i++) {
      const { rows } = await s.query<{ v: string }>(q.sql, [q.param(queries, i)])
      const last = rows.at(-1)?.v ?? '[]'
      const got = new Float32Array(dims)
      parseVector(last, got, 0)
      kth.push(distance('l2', queries, i * dims, got, 0, dims))
    }
  })
  return { ms: performance.now() - started, kth }
}

async function loadAndSweep(
  client: pg.Client,
  o: Required<Omit<VectorBenchOptions, 'sweep' | 'rerun' | 'onProgress'>>,
  sweep: VectorBenchOptions['sweep'],
  table: string,
  say: (s: string, step?: boolean) => void,
) {
  const data = syntheticDataset({
    count: o.rows,
    dimensions: o.dimensions,
    queries: o.queries,
    seed: o.seed,
    spread: o.spread,
  })
  say(`loading ${o.rows} × ${o.dimensions} vectors`)
  const loaded = await loadVectors(client, { table, dimensions: o.dimensions, vectors: data.vectors })
  say('sweeping index parameters')
  const lists = Math.max(1, Math.round(o.rows / 1000))
  const report = await sweepIndex(client, {
    table,
    column: 'embedding',
    k: o.k,
    queries: data.queries,
    runs: 3,
    hnsw: sweep?.hnsw ?? { m: [16], efConstruction: [64], efSearch: [10, 20, 40, 80, 160] },
    ivfflat: sweep?.ivfflat ?? { lists: [lists], probes: [1, 2, 4, 8, 16].filter((p) => p <= lists) },
    onPoint: (_p, done, total) => say(`sweep point ${done}/${total}`, true),
  })
  return { data, loaded, report }
}

/**
 * Runs the benchmark on `client`'s database (pgvector required).
 *
 * @example
 * const result = await benchVector(client, { rows: 10_000, dimensions: 128, rerun: true })
 */
export async function benchVector(
  client: pg.Client,
  options: VectorBenchOptions = {},
): Promise<VectorBenchResult> {
  const o = {
    rows: options.rows ?? 10_000,
    dimensions: options.dimensions ?? 128,
    queries: options.queries ?? 100,
    k: options.k ?? 10,
    seed: options.seed ?? 1,
    spread: options.spread ?? 0.1,
  }
  const say = options.onProgress ?? (() => undefined)
  const tables = ['pgtestbed_bench_vector', 'pgtestbed_bench_vector_rerun']
  for (const t of tables) await client.query(`DROP TABLE IF EXISTS ${quoteIdent(t)}`)
  try {
    const first = await loadAndSweep(client, o, options.sweep, tables[0]!, say)
    say('exact search: in-process vs SQL')
    const jsStarted = performance.now()
    const truth = exactNeighbours(first.data.vectors, first.data.queries, o.dimensions, o.k, 'l2')
    const jsMs = performance.now() - jsStarted
    const sql = await exactInSql(client, tables[0]!, first.data.queries, o.dimensions, o.k)
    const agreeing = sql.kth.filter((d, q) => d === truth.distances[q * o.k + o.k - 1]).length
    const rerun =
      options.rerun === true ? (await loadAndSweep(client, o, options.sweep, tables[1]!, say)).report : null
    const deltas =
      rerun === null
        ? []
        : first.report.points.map((p, i) => Math.abs(p.recall - (rerun.points[i]?.recall ?? Number.NaN)))
    return {
      ...o,
      ingest: {
        ms: first.loaded.ms,
        rowsPerSecond: (o.rows * 1000) / first.loaded.ms,
        method: first.loaded.method,
      },
      groundTruth: { jsMs, sqlMs: sql.ms, speedup: sql.ms / jsMs, agreeing },
      sweep: first.report,
      rerun,
      rerunMaxDelta: rerun === null ? null : Math.max(...deltas),
    }
  } finally {
    for (const t of tables) await client.query(`DROP TABLE IF EXISTS ${quoteIdent(t)}`).catch(() => undefined)
  }
}
