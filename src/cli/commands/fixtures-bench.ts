/**
 * `pgtestbed bench fixtures`: fixture loading through COPY against `psql -f` of INSERT
 * statements, per tier, measured in the same run on the configured engine.
 * @module
 */
import { benchFixtureLoad } from '../../fixtures/index.js'
import { defineCommand, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { withServer } from './fixtures-shared.js'

const count = (value: unknown, name: string, fallback: number): number => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw usageError(`Failed to read --${name} "${String(value)}": it must be a whole number.`)
  return n
}

export const fixturesBenchCommand = defineCommand({
  name: ['bench', 'fixtures'],
  summary: 'Measure fixture loading (COPY) against psql -f of INSERT statements.',
  options: {
    runs: { type: 'string', value: 'N', default: '5', description: 'Runs per tier' },
    rows: { type: 'string', value: 'N', default: '10000', description: 'Rows per generated tier' },
    'perf-rows': {
      type: 'string',
      value: 'N',
      default: '1000000',
      description: 'Rows of the performance tier (0 skips it)',
    },
  },
  async run(args, io) {
    const runs = count(args.values['runs'], 'runs', 5)
    const rows = count(args.values['rows'], 'rows', 10_000)
    const perfRows = count(args.values['perf-rows'], 'perf-rows', 1_000_000)
    return withServer(io, async (server) => {
      progressOf(io).phase(`measuring fixture loading (${runs} runs per tier)`)
      const result = await benchFixtureLoad({ serverUrl: server.serverUrl, runs, rows, perfRows })
      const lines = result.tiers.map(
        (t) =>
          `${t.tier} (${t.rows} rows): COPY p50 ${t.copy.p50} ms, p95 ${t.copy.p95} ms` +
          (t.inserts === null
            ? '; psql not on PATH, no baseline'
            : `; psql -f INSERTs p50 ${t.inserts.p50} ms (${t.ratio}× slower)`),
      )
      if (result.performance !== null)
        lines.push(`performance (${result.performance.rows} generated rows): ${result.performance.ms} ms`)
      return { data: result, human: lines.join('\n') }
    })
  },
})
