/**
 * A self-contained HTML report (no network needed to open it): slowest tests, time by phase,
 * trend over stored runs, regressions with their evidence, top queries per test. Charts are
 * drawn by Chart.js (an optional peer dependency), inlined into the file.
 * @module
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { CountsReport } from '../compare-counts.js'
import type { TimesReport } from '../compare-times.js'
import { PerfError } from '../perf-error.js'
import type { RunRecord } from '../record.js'
import { runFigures, statementsText, testMs } from './run-summary.js'

/** The Chart.js UMD bundle, from the installed `chart.js` package. */
function chartJsSource(): string {
  try {
    const main = createRequire(import.meta.url).resolve('chart.js')
    return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8')
  } catch (err) {
    throw new PerfError(
      'PGT_PERF_RECORD',
      'Cannot write the HTML report: the chart library is missing. Install it with `npm install -D chart.js` (an optional peer dependency of pgtestbed).',
      { cause: err },
    )
  }
}

const html = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * Renders the report.
 *
 * @example
 * writeFileSync('perf.html', htmlReport(run, { history: listRuns(dir).map(readRun), counts }))
 */
export function htmlReport(
  run: RunRecord,
  extra: { history?: readonly RunRecord[]; counts?: CountsReport; times?: TimesReport } = {},
): string {
  const f = runFigures(run, 20)
  const history = [...(extra.history ?? []), run].slice(-30).map((r) => {
    const g = runFigures(r)
    return { label: r.createdAt.slice(0, 16), total: g.totalMs, p95: g.p95Ms }
  })
  const data = {
    slowest: f.slowest.map((t) => ({ label: t.id, ms: testMs(t) })),
    phases: f.phases,
    history,
    regressions: (extra.times?.regressions ?? []).map((r) => ({ label: r.test, ratio: r.ratio, q: r.q })),
  }
  const countRows = (extra.counts?.regressions ?? [])
    .map(
      (r) =>
        `<tr><td>${html(r.test)}</td><td>${r.metric}</td><td>${r.baseline}</td><td>${r.current}</td></tr>`,
    )
    .join('')
  const timeRows = (extra.times?.regressions ?? [])
    .map(
      (r) =>
        `<tr><td>${html(r.test)}</td><td>${r.ratio.toFixed(2)}×</td><td>${r.p.toExponential(1)}</td><td>${r.q.toExponential(1)}</td></tr>`,
    )
    .join('')
  const queryRows = f.slowest
    .flatMap((t) =>
      t.top
        .slice(0, 3)
        .map(
          (q) =>
            `<tr><td>${html(t.id)}</td><td><code>${html(q.query)}</code></td><td>${q.calls}</td><td>${q.rows}</td><td>${q.execMs.toFixed(2)}</td></tr>`,
        ),
    )
    .join('')
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pgtestbed perf ${html(run.createdAt)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}.card{border:1px solid #ddd;border-radius:6px;padding:1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
code{font-size:12px;word-break:break-all}canvas{max-height:360px}
</style></head><body>
<h1>pgtestbed perf</h1>
<p>${f.tests} tests (${f.failed} failed) · ${f.totalMs} ms in tests · p50 ${f.p50Ms} ms · p95 ${f.p95Ms} ms · ${statementsText(f)} ·
PostgreSQL ${html(run.machine.postgres ?? '?')} · Node ${html(run.machine.node)} · ${html(run.machine.commit ?? 'no commit')}</p>
<div class="grid">
<div class="card"><h2>Slowest tests</h2><canvas id="slowest"></canvas></div>
<div class="card"><h2>Time by phase</h2><canvas id="phases"></canvas></div>
<div class="card"><h2>Trend over stored runs</h2><canvas id="trend"></canvas></div>
<div class="card"><h2>Time regressions</h2><canvas id="regressions"></canvas>
<table><tr><th>test</th><th>ratio</th><th>p</th><th>q (BH)</th></tr>${timeRows || '<tr><td colspan="4">none</td></tr>'}</table></div>
</div>
<h2>Count regressions vs baseline</h2>
<table><tr><th>test</th><th>metric</th><th>baseline</th><th>now</th></tr>${countRows || '<tr><td colspan="4">none</td></tr>'}</table>
<h2>Top queries of the slowest tests</h2>
<table><tr><th>test</th><th>query</th><th>calls</th><th>rows</th><th>exec ms</th></tr>${queryRows}</table>
<script>${chartJsSource()}</script>
<script id="data" type="application/json">${json}</script>
<script>
const data = JSON.parse(document.getElementById('data').textContent)
const base = { animation: false, responsive: true, plugins: { legend: { display: false } } }
new Chart(document.getElementById('slowest'), { type: 'bar', options: { ...base, indexAxis: 'y' },
  data: { labels: data.slowest.map((t) => t.label.slice(-60)), datasets: [{ label: 'ms', data: data.slowest.map((t) => t.ms), backgroundColor: '#4e79a7' }] } })
new Chart(document.getElementById('phases'), { type: 'doughnut', options: { ...base, plugins: { legend: { display: true } } },
  data: { labels: ['acquire', 'body', 'release'], datasets: [{ data: [data.phases.acquire, data.phases.body, data.phases.release], backgroundColor: ['#f28e2b', '#4e79a7', '#59a14f'] }] } })
new Chart(document.getElementById('trend'), { type: 'line', options: { ...base, plugins: { legend: { display: true } } },
  data: { labels: data.history.map((h) => h.label), datasets: [
    { label: 'total ms', data: data.history.map((h) => h.total), borderColor: '#4e79a7' },
    { label: 'p95 ms', data: data.history.map((h) => h.p95), borderColor: '#e15759' }] } })
new Chart(document.getElementById('regressions'), { type: 'bar', options: { ...base, indexAxis: 'y' },
  data: { labels: data.regressions.map((r) => r.label.slice(-60)), datasets: [{ label: 'ratio', data: data.regressions.map((r) => r.ratio), backgroundColor: '#e15759' }] } })
document.body.dataset.charts = String(document.querySelectorAll('canvas').length)
</script>
</body></html>
`
}
