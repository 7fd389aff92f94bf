/**
 * `pgtestbed vector check --table T --column C`: recall@k of the column's HNSW / IVFFlat index
 * against exact search (computed in-process), with the plan that proves the index served the
 * searches and whether the planner picks it on its own; with `--filter`, also the under-return
 * of the filtered search and each iterative-scan mode. Exit 1 when recall is under
 * `--min-recall` or the searches did not use an index. Without `--table`: the server's storage
 * precision (vector, halfvec, sparsevec) and its distance operators against JavaScript.
 * @module
 */
import {
  checkDistances,
  checkFilteredSearch,
  checkPrecision,
  checkRecall,
  explainSearch,
  METRICS,
  type Metric,
  type PrecisionReport,
} from '../../vector/index.js'
import {
  type CommandArgs,
  type CommandIO,
  defineCommand,
  listOption,
  stringOption,
  usageError,
} from '../command.js'
import { progressOf } from '../progress.js'
import { VECTOR_URL_OPTION, withVectorDatabase } from './vector-database.js'
import { renderFiltered, renderRecall, renderServerChecks } from './vector-render.js'

function numberOption(args: CommandArgs, name: string, fallback: number, integer: boolean): number {
  const raw = stringOption(args, name)
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw usageError(
      `Failed to read --${name} "${raw}": it must be a ${integer ? 'whole ' : ''}number above 0.`,
    )
  return n
}

function settingsOption(args: CommandArgs): Record<string, string> {
  const settings: Record<string, string> = {}
  for (const pair of listOption(args, 'set')) {
    const at = pair.indexOf('=')
    if (at < 1)
      throw usageError(`Failed to read --set "${pair}": write it as name=value, e.g. hnsw.ef_search=100.`)
    settings[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return settings
}

function metricOption(args: CommandArgs): Metric | undefined {
  const raw = stringOption(args, 'metric')
  if (raw === undefined) return undefined
  if (!(METRICS as readonly string[]).includes(raw))
    throw usageError(`Failed to read --metric "${raw}": use one of ${METRICS.join(', ')}.`)
  return raw as Metric
}

export const vectorCheckCommand = defineCommand({
  name: ['vector', 'check'],
  summary:
    "Recall@k of a vector column's HNSW/IVFFlat index vs exact search; without --table, storage precision and distance operators",
  options: {
    table: {
      type: 'string',
      value: 'T',
      description: 'The table (without it: precision and operator checks)',
    },
    column: { type: 'string', value: 'C', description: 'Its vector column' },
    k: { type: 'string', value: 'N', default: '10', description: 'Neighbours per query' },
    queries: {
      type: 'string',
      value: 'N',
      default: '100',
      description: 'Queries (seeded rows of the table plus noise)',
    },
    index: { type: 'string', value: 'NAME', description: 'The index expected to serve the searches' },
    metric: { type: 'string', value: 'M', default: "the index's", description: 'l2, ip, cosine or l1' },
    filter: {
      type: 'string',
      value: 'SQL',
      description: 'A WHERE condition: filtered recall, under-return, iterative scans',
    },
    set: {
      type: 'string',
      multiple: true,
      value: 'NAME=V',
      description: 'A setting for the searches, e.g. hnsw.ef_search=100',
    },
    'min-recall': { type: 'string', value: 'R', default: '0.9', description: 'Exit 1 below this recall' },
    seed: { type: 'string', value: 'N', default: '1', description: 'Seed of the sampled queries' },
    ...VECTOR_URL_OPTION,
  },
  async run(args, io) {
    const table = stringOption(args, 'table')
    const column = stringOption(args, 'column')
    if (table === undefined && column === undefined) return serverChecks(args, io)
    if (table === undefined || column === undefined)
      throw usageError(
        'Failed to check: --table and --column go together. Example: pgtestbed vector check --table items --column embedding',
      )
    const minRecall = numberOption(args, 'min-recall', 0.9, false)
    const metric = metricOption(args)
    const filter = stringOption(args, 'filter')
    const index = stringOption(args, 'index')
    const options = {
      table,
      column,
      k: numberOption(args, 'k', 10, true),
      queries: numberOption(args, 'queries', 100, true),
      seed: numberOption(args, 'seed', 1, true),
      settings: settingsOption(args),
      ...(metric === undefined ? {} : { metric }),
      ...(filter === undefined ? {} : { filter }),
      ...(index === undefined ? {} : { index }),
    }
    const { report, planner, filtered } = await withVectorDatabase(args, io, async (client) => {
      progressOf(io).phase(`measuring recall@${options.k} over ${options.queries} queries`)
      const report = await checkRecall(client, options)
      const planner = await explainSearch(client, { ...options, metric: report.metric })
      const filtered =
        filter === undefined || report.indexes.length === 0
          ? null
          : await checkFilteredSearch(client, { ...options, filter, metric: report.metric })
      return { report, planner, filtered }
    })
    const ok = report.recall >= minRecall && report.usedIndex !== null
    const human = [
      renderRecall(report, planner.index, minRecall),
      ...(filtered === null ? [] : [renderFiltered(filtered)]),
    ]
    return {
      data: { ok, minRecall, plannerIndex: planner.index, ...report, filtered },
      human: human.join('\n'),
      exitCode: ok ? 0 : 1,
    }
  },
})

/** Without --table: what the server keeps of written values, and its distance operators. */
async function serverChecks(args: CommandArgs, io: CommandIO) {
  const seed = numberOption(args, 'seed', 1, true)
  const { precision, distances } = await withVectorDatabase(args, io, async (client) => {
    progressOf(io).phase('checking storage precision and distance operators')
    const precision: PrecisionReport[] = []
    for (const type of ['vector', 'halfvec', 'sparsevec'] as const)
      precision.push(await checkPrecision(client, { type, seed }))
    return { precision, distances: await checkDistances(client, { seed }) }
  })
  const ok =
    precision.every((p) => p.notAsExpected === 0) &&
    distances.operators.every((o) => o.withinBound === o.pairs)
  return {
    data: { ok, precision, distances },
    human: renderServerChecks(precision, distances),
    exitCode: ok ? 0 : 1,
  }
}
