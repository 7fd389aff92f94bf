/**
 * Human renderings of the vector checks for `pgtestbed vector check` (the data goes out as
 * JSON unchanged with --json).
 * @module
 */
import type { DistanceReport, FilteredReport, PrecisionReport, RecallReport } from '../../vector/index.js'

const row = (label: string, text: string) => `  ${label.padEnd(15)}${text}`
const sci = (n: number) => (n === 0 ? '0' : n.toExponential(2))

/** Recall@k of a column, with the plan and the planner's own choice. */
export function renderRecall(r: RecallReport, plannerIndex: string | null, minRecall: number): string {
  const via = r.usedIndex === null ? 'NO INDEX (exact scan)' : r.usedIndex
  const indexes = r.indexes.map(
    (i) =>
      `${i.name} (${i.method} ${Object.entries(i.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')})`,
  )
  return [
    `${r.table}.${r.column}: ${r.type}(${r.dimensions}), ${r.rows} rows${r.filter === null ? '' : ` where ${r.filter}`}, metric ${r.metric}`,
    row('indexes', indexes.join(', ') || 'none with this metric'),
    row(
      `recall@${r.k}`,
      `${r.recall.toFixed(4)} over ${r.queries} queries (worst query ${r.worstQueryRecall.toFixed(2)}; min ${minRecall}) ${r.recall >= minRecall ? 'ok' : 'FAILED'}`,
    ),
    row(
      'returned',
      `${r.meanReturned.toFixed(2)} rows per query on average; ${r.underReturned} queries got fewer than ${r.k}`,
    ),
    row('searched via', `${via}  [${r.plan.nodes.join(' → ')}]  settings ${JSON.stringify(r.settings)}`),
    row(
      'planner alone',
      plannerIndex === null
        ? 'sequential scan (exact): the table is small or the index is not usable for this query'
        : `uses ${plannerIndex}`,
    ),
    row(
      'latency',
      `p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms (${Math.round(r.qps)} queries/s, one session)`,
    ),
    `  (recall: a returned neighbour counts if its distance ≤ the true ${r.k}th distance + ${r.epsilon})`,
  ].join('\n')
}

/** Each iterative-scan mode of a filtered search. */
export function renderFiltered(f: FilteredReport): string {
  const lines = f.modes.map((m) =>
    row(
      `iterative ${m.iterativeScan}`.slice(0, 15),
      `${m.meanReturned.toFixed(2)} of ${f.k} rows returned, recall ${m.recall.toFixed(4)}, ${m.underReturned} queries short${m.usedIndex === null ? ' (no index used)' : ''}`,
    ),
  )
  return [
    `filtered search where ${f.filter}: ${f.matching} rows match (${(f.selectivity * 100).toFixed(1)}%)${f.iterativeScanAvailable ? '' : '; this pgvector has no iterative scans (0.8.0+)'}`,
    ...lines,
  ].join('\n')
}

/** Storage precision per type, and the operators against JavaScript. */
export function renderServerChecks(precision: readonly PrecisionReport[], distances: DistanceReport): string {
  return [
    'storage precision (written double vs read back):',
    ...precision.map((p) =>
      row(
        p.type,
        `max abs ${sci(p.maxAbsError)}, mean abs ${sci(p.meanAbsError)}, max rel ${sci(p.maxRelError)}; ${p.notAsExpected === 0 ? 'every value is the expected rounding' : `${p.notAsExpected} of ${p.values} values NOT the expected rounding`}`,
      ),
    ),
    `distance operators vs float32 in JavaScript (${distances.operators[0]?.pairs ?? 0} pairs, ${distances.dimensions} dimensions):`,
    ...distances.operators.map((o) =>
      row(
        `${o.operator} ${o.metric}`,
        `${o.identical} identical, ${o.withinBound} of ${o.pairs} within float32 rounding, max abs ${sci(o.maxAbsError)}, max rel ${sci(o.maxRelError)}`,
      ),
    ),
  ].join('\n')
}
