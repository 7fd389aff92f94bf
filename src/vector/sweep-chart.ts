/**
 * The sweep as a recall / queries-per-second chart (as ann-benchmarks plots it: recall on x,
 * QPS on a log y axis, up and to the right is better), written as a plain SVG string.
 * @module
 */
import type { SweepPoint, SweepReport } from './sweep.js'

const W = 760
const H = 460
const PAD = { left: 70, right: 240, top: 40, bottom: 50 }
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf']

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const params = (p: Readonly<Record<string, number>>) =>
  Object.entries(p)
    .map(([k, v]) => `${k.replace(/^.*\./, '')}=${v}`)
    .join(' ')

/** The series a point belongs to: its index build. */
export function seriesOf(p: SweepPoint): string {
  return `${p.method} ${params(p.build)}`
}

/**
 * An SVG chart of the sweep, one line per index build, one dot per search setting.
 *
 * @example
 * writeFileSync('sweep.svg', sweepChart(report))
 */
export function sweepChart(report: SweepReport): string {
  const pts = report.points.filter((p) => p.qps > 0)
  const xMin = Math.min(0.9, Math.floor(Math.min(1, ...pts.map((p) => p.recall)) * 10) / 10)
  const yLo = Math.floor(Math.log10(Math.min(...pts.map((p) => p.qps), 10)))
  const yHi = Math.max(yLo + 1, Math.ceil(Math.log10(Math.max(...pts.map((p) => p.qps), 10))))
  const x = (r: number) => PAD.left + ((r - xMin) / (1 - xMin)) * (W - PAD.left - PAD.right)
  const y = (q: number) => H - PAD.bottom - ((Math.log10(q) - yLo) / (yHi - yLo)) * (H - PAD.top - PAD.bottom)
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${PAD.left}" y="22" font-size="14">${esc(`recall@${report.k} vs queries/s: ${report.table}.${report.column}, ${report.rows} rows × ${report.dimensions} dims, ${report.metric}, ${report.queries} queries`)}</text>`,
  ]
  for (let i = 0; i <= 10; i++) {
    const r = xMin + ((1 - xMin) * i) / 10
    out.push(`<line x1="${x(r)}" y1="${PAD.top}" x2="${x(r)}" y2="${H - PAD.bottom}" stroke="#eee"/>`)
    out.push(`<text x="${x(r)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${r.toFixed(2)}</text>`)
  }
  for (let e = yLo; e <= yHi; e++) {
    out.push(
      `<line x1="${PAD.left}" y1="${y(10 ** e)}" x2="${W - PAD.right}" y2="${y(10 ** e)}" stroke="#ddd"/>`,
    )
    out.push(`<text x="${PAD.left - 6}" y="${y(10 ** e) + 4}" text-anchor="end">${10 ** e}</text>`)
  }
  out.push(
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 12}" text-anchor="middle">recall@${report.k}</text>`,
  )
  out.push(
    `<text transform="translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">queries per second (log)</text>`,
  )
  const series = [...new Set(pts.map(seriesOf))]
  series.forEach((name, i) => {
    const colour = COLOURS[i % COLOURS.length]!
    const line = pts.filter((p) => seriesOf(p) === name).sort((a, b) => a.recall - b.recall)
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line.map((p) => `${x(p.recall).toFixed(1)},${y(p.qps).toFixed(1)}`).join(' ')}"/>`,
    )
    for (const p of line) {
      const tip = `${name} ${params(p.search)}: recall ${p.recall.toFixed(3)}, ${Math.round(p.qps)} q/s`
      out.push(
        `<circle cx="${x(p.recall).toFixed(1)}" cy="${y(p.qps).toFixed(1)}" r="4" fill="${colour}"><title>${esc(tip)}</title></circle>`,
      )
    }
    out.push(
      `<rect x="${W - PAD.right + 16}" y="${PAD.top + i * 20}" width="12" height="12" fill="${colour}"/>`,
    )
    out.push(`<text x="${W - PAD.right + 34}" y="${PAD.top + i * 20 + 10}">${esc(name)}</text>`)
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}

/**
 * The sweep as a text table, one row per point.
 *
 * @example
 * console.log(sweepTable(report))
 */
export function sweepTable(report: SweepReport): string {
  const head = ['index', 'search', `recall@${report.k}`, 'queries/s', 'p50 ms', 'rows/query', 'build ms']
  const body = report.points.map((p) => [
    seriesOf(p),
    params(p.search),
    p.recall.toFixed(4),
    String(Math.round(p.qps)),
    p.p50Ms.toFixed(2),
    p.meanReturned.toFixed(1),
    String(Math.round(p.buildMs)),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}
