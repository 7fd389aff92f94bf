/**
 * `pgtestbed isolation check`: runs the anomaly catalogue (and your scenarios) at each isolation
 * level and prints which anomalies the server prevents.
 * @module
 */
import { resolve } from 'node:path'
import {
  type AnomalyScenario,
  checkIsolation,
  type IsolationCheck,
  loadScenarioDir,
  toAnomalyScenario,
} from '../../concurrency/index.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'
import { parseLevels, withIsolationDatabase } from './isolation-scratch.js'

/** Renders the table: one row per anomaly, one column per level. */
export function renderIsolationTable(check: IsolationCheck, serverVersion: string): string {
  const cell = (c: IsolationCheck['rows'][number]['cells'][number]) =>
    `${c.outcome === 'anomaly' ? 'ANOMALY' : `prevented: ${shortHow(c.how)}`}${c.asDocumented === false ? ' (!)' : ''}`
  const header = ['anomaly', ...check.levels]
  const body = check.rows.map((r) => [r.id, ...r.cells.map(cell)])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cols: string[]) =>
    cols
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  const mismatches = check.rows.flatMap((r) =>
    r.cells
      .filter((c) => c.asDocumented === false)
      .map(
        (c) => `  ${r.id} at ${c.level}: documented ${c.documented}, server showed ${c.outcome} (${c.how})`,
      ),
  )
  return [
    `Isolation anomalies on PostgreSQL ${serverVersion}; prevented: how the server stopped it (blocked on a lock, 40001 serialization failure, or its snapshot)`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    mismatches.length === 0
      ? 'Every result matches what PostgreSQL documents for its isolation levels.'
      : `(!) differs from what PostgreSQL documents:\n${mismatches.join('\n')}`,
  ].join('\n')
}

/** `serialization failure (40001)` → `40001`; `blocked` and `snapshot` stay. */
function shortHow(how: string): string {
  return /\((\w{5})\)/.exec(how)?.[1] ?? how
}

export const isolationCheckCommand = defineCommand({
  name: ['isolation', 'check'],
  summary: 'Show which isolation anomalies the server prevents at each isolation level',
  options: {
    levels: {
      type: 'string',
      value: 'LIST',
      default: 'rc,rr,serializable',
      description: 'Isolation levels to run, comma-separated (rc, rr, serializable)',
    },
    dir: { type: 'string', value: 'DIR', description: 'Also run your scenarios from this folder' },
  },
  async run(args, io) {
    const levels = typeof args.values['levels'] === 'string' ? parseLevels(args.values['levels']) : undefined
    const dir = args.values['dir']
    let extra: AnomalyScenario[] = []
    if (typeof dir === 'string') {
      const found = await loadScenarioDir(resolve(io.cwd, dir))
      extra = found.filter((s) => s.anomalyIf !== undefined).map(toAnomalyScenario)
    }
    const { check, serverVersion } = await withIsolationDatabase(io, async (url, serverVersion) => {
      progressOf(io).phase('running the anomaly catalogue')
      return {
        check: await checkIsolation({
          url,
          ...(levels === undefined ? {} : { levels }),
          scenarios: extra,
          onResult: ({ id, level, done, total }) =>
            progressOf(io).update(`${done}/${total} ${id} at ${level}`),
        }),
        serverVersion,
      }
    })
    const data = {
      serverVersion,
      levels: check.levels,
      asDocumented: check.asDocumented,
      anomalies: check.rows.map((r) => ({
        id: r.id,
        name: r.name,
        source: r.source,
        results: Object.fromEntries(
          r.cells.map((c) => [
            c.level,
            { outcome: c.outcome, how: c.how, documented: c.documented, asDocumented: c.asDocumented },
          ]),
        ),
      })),
    }
    return { data, human: renderIsolationTable(check, serverVersion), exitCode: check.asDocumented ? 0 : 1 }
  },
})
