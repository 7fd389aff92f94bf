/**
 * `sweepIndex()`: builds each HNSW (`m` × `ef_construction`) and IVFFlat (`lists`) index in turn
 * on the column, measures recall@k and queries per second for each `ef_search` / `probes`,
 * then drops it. One ground truth (computed in-process) serves every point. QPS is the fastest
 * of `runs` passes over the query set, one session, one query at a time (as ann-benchmarks).
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { quoteIdent } from '../sql/index.js'
import { inputError } from './input-checks.js'
import { measureRecall } from './measure-recall.js'
import { OPERATOR } from './metric.js'
import { prepareRecall, type RecallContext, type RecallTarget } from './recall-context.js'

/** The grid to sweep. */
export interface SweepOptions extends Omit<RecallTarget, 'index' | 'filter'> {
  readonly hnsw?: {
    readonly m?: readonly number[]
    readonly efConstruction?: readonly number[]
    readonly efSearch?: readonly number[]
  }
  readonly ivfflat?: { readonly lists?: readonly number[]; readonly probes?: readonly number[] }
  /** Passes over the query set per point; the fastest gives QPS. Default 3. */
  readonly runs?: number
  /** Called after each point, for progress. */
  readonly onPoint?: (point: SweepPoint, done: number, total: number) => void
}

/** One measured point: a build and a search setting. */
export interface SweepPoint {
  readonly method: 'hnsw' | 'ivfflat'
  /** e.g. `{ m: 16, ef_construction: 64 }` or `{ lists: 100 }`. */
  readonly build: Readonly<Record<string, number>>
  /** e.g. `{ 'hnsw.ef_search': 40 }` or `{ 'ivfflat.probes': 10 }`. */
  readonly search: Readonly<Record<string, number>>
  readonly recall: number
  readonly qps: number
  readonly p50Ms: number
  readonly meanReturned: number
  readonly buildMs: number
  /** The index the plan used: the sweep's own, or null when the planner did not use it. */
  readonly usedIndex: string | null
}

/** The sweep's result, for a table, JSON and a chart. */
export interface SweepReport {
  readonly kind: 'sweep-report'
  readonly table: string
  readonly column: string
  readonly rows: number
  readonly dimensions: number
  readonly metric: string
  readonly k: number
  readonly queries: number
  readonly points: readonly SweepPoint[]
}

interface Build {
  method: 'hnsw' | 'ivfflat'
  params: Record<string, number>
  searches: Record<string, number>[]
}

function grid(o: SweepOptions): Build[] {
  const builds: Build[] = []
  for (const m of o.hnsw === undefined ? [] : (o.hnsw.m ?? [16]))
    for (const ef of o.hnsw?.efConstruction ?? [64])
      builds.push({
        method: 'hnsw',
        params: { m, ef_construction: ef },
        searches: (o.hnsw?.efSearch ?? [40]).map((v) => ({ 'hnsw.ef_search': v })),
      })
  for (const lists of o.ivfflat === undefined ? [] : (o.ivfflat.lists ?? [100]))
    builds.push({
      method: 'ivfflat',
      params: { lists },
      searches: (o.ivfflat?.probes ?? [1]).map((v) => ({ 'ivfflat.probes': v })),
    })
  for (const b of builds)
    for (const value of [...Object.values(b.params), ...b.searches.flatMap((s) => Object.values(s))])
      if (!Number.isInteger(value) || value < 1)
        throw inputError(
          'sweep',
          `${JSON.stringify({ ...b.params })} has ${value}`,
          'Give every parameter as a whole number ≥ 1.',
        )
  if (builds.length === 0)
    throw inputError(
      'sweep',
      'neither hnsw nor ivfflat parameters are given',
      'Give at least one, e.g. { hnsw: { efSearch: [10, 40, 100] } }.',
    )
  return builds
}

async function measureBuild(
  db: Queryable,
  ctx: RecallContext,
  b: Build,
  name: string,
  runs: number,
  points: (p: SweepPoint) => void,
): Promise<void> {
  const col = ctx.column
  const opclass = `${col.type}_${ctx.metric}_ops`
  const withs = Object.entries(b.params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')
  const started = performance.now()
  await db.query(
    `CREATE INDEX ${quoteIdent(name)} ON ${col.table} USING ${b.method} (${col.columnSql} ${opclass}) WITH (${withs})`,
  )
  const buildMs = performance.now() - started
  try {
    await db.query(`ANALYZE ${col.table}`)
    for (const search of b.searches) {
      let best = await measureRecall(db, ctx, { enable_seqscan: 'off', ...search })
      for (let r = 1; r < runs; r++) {
        const again = await measureRecall(db, ctx, { enable_seqscan: 'off', ...search })
        if (again.qps > best.qps) best = again
      }
      points({
        method: b.method,
        build: b.params,
        search,
        recall: best.recall,
        qps: best.qps,
        p50Ms: best.latencyMs.p50,
        meanReturned: best.meanReturned,
        buildMs,
        usedIndex: best.plan.index,
      })
    }
  } finally {
    await db.query(`DROP INDEX IF EXISTS ${quoteIdent(name)}`)
  }
}

/**
 * Sweeps the grid on `table` (which must have no approximate index of its own for this metric).
 *
 * @example
 * const report = await sweepIndex(client, { table: 'items', column: 'embedding', hnsw: { efSearch: [10, 40, 100] }, ivfflat: { lists: [50], probes: [1, 5] } })
 * console.log(sweepTable(report)); writeFileSync('sweep.svg', sweepChart(report))
 */
export async function sweepIndex(db: Queryable, options: SweepOptions): Promise<SweepReport> {
  const builds = grid(options)
  const runs = options.runs ?? 3
  const ctx = await prepareRecall(db, options)
  if (ctx.indexes.length > 0) {
    throw inputError(
      `sweep ${ctx.column.table}.${ctx.column.column}`,
      `it already has ${ctx.indexes.map((i) => i.name).join(', ')} for ${ctx.metric} (${OPERATOR[ctx.metric]}), which the planner could pick instead`,
      'Sweep a copy of the table (CREATE TABLE … AS SELECT …), or drop that index first.',
    )
  }
  const points: SweepPoint[] = []
  const total = builds.reduce((n, b) => n + b.searches.length, 0)
  for (const [i, b] of builds.entries()) {
    await measureBuild(db, ctx, b, `pgtestbed_sweep_${i}`, runs, (p) => {
      points.push(p)
      options.onPoint?.(p, points.length, total)
    })
  }
  return Object.freeze({
    kind: 'sweep-report',
    table: ctx.column.table,
    column: ctx.column.column,
    rows: ctx.rows,
    dimensions: ctx.dimensions,
    metric: ctx.metric,
    k: ctx.k,
    queries: ctx.queries.length / ctx.dimensions,
    points,
  })
}
