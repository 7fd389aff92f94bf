/**
 * `pgtestbed bench vector`: ingest, in-process ground truth vs exact search in SQL, and the
 * index parameter sweep (recall vs QPS) on seeded synthetic embeddings; with `--out DIR`, the
 * sweep as JSON, a text table and an SVG chart.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { benchVector, type VectorBenchResult } from '../../bench/index.js'
import { sweepChart, sweepTable } from '../../vector/index.js'
import { defineCommand, stringOption, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { VECTOR_URL_OPTION, withVectorDatabase } from './vector-database.js'

function whole(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`Failed to read --${name} "${raw}": it must be a whole number ≥ 1.`)
  return n
}

function spreadOption(raw: string | undefined): number {
  if (raw === undefined) return 0.1
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0)
    throw usageError(`Failed to read --spread "${raw}": it must be a number ≥ 0.`)
  return n
}

function render(r: VectorBenchResult, written: string[]): string {
  const g = r.groundTruth
  return [
    `${r.rows} × ${r.dimensions}-d seeded clustered vectors (spread ${r.spread}), ${r.queries} queries, k = ${r.k}`,
    `ingest (${r.ingest.method === 'copy' ? 'COPY' : 'batched INSERT: COPY FROM STDIN is not available here'}): ${Math.round(r.ingest.ms)} ms, ${Math.round(r.ingest.rowsPerSecond)} rows/s`,
    `exact search: in-process ${Math.round(g.jsMs)} ms vs SQL ${Math.round(g.sqlMs)} ms (${g.speedup.toFixed(1)}× faster; ${g.agreeing}/${r.queries} queries with the same k-th distance)`,
    '',
    sweepTable(r.sweep),
    ...(r.rerunMaxDelta === null
      ? []
      : ['', `rerun with the same seed: largest recall difference ${r.rerunMaxDelta.toFixed(4)}`]),
    ...(written.length === 0 ? [] : ['', `wrote ${written.join(', ')}`]),
  ].join('\n')
}

export const benchVectorCommand = defineCommand({
  name: ['bench', 'vector'],
  summary: 'Measure vector ingest, in-process ground truth vs SQL, and an HNSW/IVFFlat sweep (recall vs QPS)',
  options: {
    rows: { type: 'string', value: 'N', default: '10000', description: 'Rows of seeded clustered vectors' },
    dims: { type: 'string', value: 'N', default: '128', description: 'Dimensions (e.g. 128 or 1536)' },
    queries: { type: 'string', value: 'N', default: '100', description: 'Queries' },
    k: { type: 'string', value: 'N', default: '10', description: 'Neighbours per query' },
    seed: { type: 'string', value: 'N', default: '1', description: 'Seed of the data and queries' },
    spread: {
      type: 'string',
      value: 'X',
      default: '0.1',
      description: 'Spread of the clusters (larger is harder)',
    },
    rerun: {
      type: 'boolean',
      description: 'Sweep again on a fresh table with the same seed, report the largest recall difference',
    },
    out: { type: 'string', value: 'DIR', description: 'Write vector-sweep.json, .txt and .svg here' },
    ...VECTOR_URL_OPTION,
  },
  async run(args, io) {
    const options = {
      rows: whole(stringOption(args, 'rows'), 'rows', 10_000),
      dimensions: whole(stringOption(args, 'dims'), 'dims', 128),
      queries: whole(stringOption(args, 'queries'), 'queries', 100),
      k: whole(stringOption(args, 'k'), 'k', 10),
      seed: whole(stringOption(args, 'seed'), 'seed', 1),
      spread: spreadOption(stringOption(args, 'spread')),
      rerun: args.values['rerun'] === true,
      onProgress: (what: string, step?: boolean) =>
        step === true ? progressOf(io).update(what) : progressOf(io).phase(what),
    }
    const result = await withVectorDatabase(args, io, (client) => benchVector(client, options))
    const written: string[] = []
    const out = stringOption(args, 'out')
    if (out !== undefined) {
      const dir = resolve(io.cwd, out)
      mkdirSync(dir, { recursive: true })
      const files: [string, string][] = [
        ['vector-sweep.json', `${JSON.stringify(result.sweep, null, 2)}\n`],
        ['vector-sweep.txt', `${sweepTable(result.sweep)}\n`],
        ['vector-sweep.svg', sweepChart(result.sweep)],
      ]
      for (const [name, text] of files) {
        writeFileSync(join(dir, name), text)
        written.push(relative(io.cwd, join(dir, name)))
      }
    }
    return { data: result, human: render(result, written) }
  },
})
