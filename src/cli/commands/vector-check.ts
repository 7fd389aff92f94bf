/**
 * `pgtestbed vector check --table T --column C`: recall@k of the column's HNSW / IVFFlat index
 * against exact search (computed in-process), with the plan that proves the index served the
 * searches and whether the planner picks it on its own. Exit 1 when recall is under
 * `--min-recall` or the searches did not use an index.
 * @module
 */
import { checkRecall, explainSearch, METRICS, type Metric, type RecallReport } from '../../vector/index.js'
import { type CommandArgs, defineCommand, listOption, stringOption, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { VECTOR_URL_OPTION, withVectorDatabase } from './vector-database.js'

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

/** The human rendering of a vector check. */
export function renderVectorCheck(r: RecallReport, plannerIndex: string | null, minRecall: number): string {
  const via = r.usedIndex === null ? 'NO INDEX (exact scan)' : r.usedIndex
  const row = (label: string, text: string) => `  ${label.padEnd(15)}${text}`
  const lines = [
    `${r.table}.${r.column}: ${r.type}(${r.dimensions}), ${r.rows} rows, metric ${r.metric}`,
    row(
      `indexes`,
      `${
        r.indexes
          .map(
            (i) =>
              `${i.name} (${i.method} ${Object.entries(i.params)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')})`,
          )
          .join(', ') || 'none with this metric'
      }`,
    ),
    row(
      `recall@${r.k}`,
      `${r.recall.toFixed(4)} over ${r.queries} queries (worst query ${r.worstQueryRecall.toFixed(2)}; min ${minRecall}) ${r.recall >= minRecall ? 'ok' : 'FAILED'}`,
    ),
    row(
      `returned`,
      `${r.meanReturned.toFixed(2)} rows per query on average; ${r.underReturned} queries got fewer than ${r.k}`,
    ),
    row(`searched via`, `${via}  [${r.plan.nodes.join(' → ')}]  settings ${JSON.stringify(r.settings)}`),
    row(
      `planner alone`,
      `${plannerIndex === null ? 'sequential scan (exact): the table is small or the index is not usable for this query' : `uses ${plannerIndex}`}`,
    ),
    row(
      `latency`,
      `p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms (${Math.round(r.qps)} queries/s, one session)`,
    ),
    `  (recall: a returned neighbour counts if its distance ≤ the true ${r.k}th distance + ${r.epsilon})`,
  ]
  return lines.join('\n')
}

export const vectorCheckCommand = defineCommand({
  name: ['vector', 'check'],
  summary: "Measure recall@k of a vector column's HNSW/IVFFlat index against exact search",
  options: {
    table: { type: 'string', value: 'T', description: 'The table (required)' },
    column: { type: 'string', value: 'C', description: 'Its vector column (required)' },
    k: { type: 'string', value: 'N', default: '10', description: 'Neighbours per query' },
    queries: {
      type: 'string',
      value: 'N',
      default: '100',
      description: 'Queries (seeded rows of the table plus noise)',
    },
    index: { type: 'string', value: 'NAME', description: 'The index expected to serve the searches' },
    metric: { type: 'string', value: 'M', default: "the index's", description: 'l2, ip, cosine or l1' },
    filter: { type: 'string', value: 'SQL', description: 'A WHERE condition for filtered search' },
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
    if (table === undefined || column === undefined)
      throw usageError(
        'Failed to check: --table and --column are required. Example: pgtestbed vector check --table items --column embedding',
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
    const { report, planner } = await withVectorDatabase(args, io, async (client) => {
      progressOf(io).phase(`measuring recall@${options.k} over ${options.queries} queries`)
      const report = await checkRecall(client, options)
      const planner = await explainSearch(client, { ...options, metric: report.metric })
      return { report, planner }
    })
    const ok = report.recall >= minRecall && report.usedIndex !== null
    return {
      data: { ok, minRecall, plannerIndex: planner.index, ...report },
      human: renderVectorCheck(report, planner.index, minRecall),
      exitCode: ok ? 0 : 1,
    }
  },
})
