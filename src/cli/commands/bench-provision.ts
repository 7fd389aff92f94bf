/**
 * `pgtestbed bench provision`: per-test provisioning cost of pgtestbed vs the alternatives.
 * @module
 */
import { benchProvision, type ProvisionBenchResult } from '../../bench/index.js'
import { invalidValue } from '../../config/index.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'

export const benchProvisionCommand = defineCommand({
  name: ['bench', 'provision'],
  summary: 'Measure per-test cost: warm-pool acquire, clone, schema per test, TRUNCATE+reseed, rollback',
  options: {
    iterations: { type: 'string', value: 'N', default: '50', description: 'Measurements per method' },
    'pglite-iterations': {
      type: 'string',
      value: 'N',
      default: 'min(N, 10)',
      description: 'Measurements of the pglite engine (about a second each); 0 skips it',
    },
  },
  async run(args, io) {
    const raw = args.values['iterations']
    const iterations = raw === undefined ? 50 : Number(raw)
    if (!Number.isInteger(iterations) || iterations < 1)
      invalidValue('--iterations', String(raw), 'a positive integer')
    const rawPglite = args.values['pglite-iterations']
    const pgliteIterations = rawPglite === undefined ? Math.min(iterations, 10) : Number(rawPglite)
    if (!Number.isInteger(pgliteIterations) || pgliteIterations < 0)
      invalidValue('--pglite-iterations', String(rawPglite), 'a whole number (0 skips the pglite engine)')
    const data = await benchProvision({
      iterations,
      pgliteIterations,
      onProgress: (what) => progressOf(io).phase(`measuring: ${what}`),
    })
    return { data, human: render(data) }
  },
})

function render(r: ProvisionBenchResult): string {
  const rows: [string, keyof ProvisionBenchResult][] = [
    ['acquire from the warm pool', 'acquire'],
    ['ready: acquire + warmed connection + query', 'ready'],
    ['  the same, opening its own connection', 'readyNewConnection'],
    ['  the query again (round-trip floor)', 'queryAgain'],
    ['ready, tests take 0 ms', 'readyTests0ms'],
    ['acquire, tests take 0 ms', 'acquireTests0ms'],
    ['  the same, no warmed connections', 'acquireTests0msNoPreconnect'],
    ['on-demand clone (FILE_COPY)', 'clone'],
    ['on-demand clone (WAL_LOG)', 'cloneWalLog'],
    ['fresh database + schema + seed', 'schemaPerTest'],
    ['TRUNCATE all + reseed', 'truncateReseed'],
    ['BEGIN/ROLLBACK (shared db)', 'rollback'],
  ]
  const lines = rows.map(([label, key]) => {
    const f = r[key] as { p50: number; p95: number }
    return `  ${label.padEnd(40)} p50 ${f.p50.toFixed(2).padStart(8)} ms   p95 ${f.p95.toFixed(2).padStart(8)} ms   x${r.ratiosToReady[key]} (x${r.ratios[key]} of acquire)`
  })
  const p = r.pglite
  const pglite =
    'skipped' in p
      ? `\n  pglite engine: skipped, ${p.skipped}`
      : `\n  pglite engine (${p.iterations} iterations; start + template ${(p.startMs / 1000).toFixed(1)} s):` +
        `\n  ${'  ready: acquire + warmed connection + query'.padEnd(40)} p50 ${p.ready.p50.toFixed(0).padStart(8)} ms   p95 ${p.ready.p95.toFixed(0).padStart(8)} ms   x${p.readyRatio} of embedded ready` +
        `\n  ${'  on-demand clone'.padEnd(40)} p50 ${p.clone.p50.toFixed(0).padStart(8)} ms   p95 ${p.clone.p95.toFixed(0).padStart(8)} ms   x${p.cloneRatio} of embedded clone`
  return `per-test cost, ${r.iterations} iterations, tests take ${r.testMs} ms, PostgreSQL ${r.server.version} (${r.server.engine}), ${r.machine.cpus} cores, Node ${r.machine.node}\n${lines.join('\n')}\n  (x = p50 relative to a ready pgtestbed database; in brackets, to a warm-pool acquire)${pglite}`
}
