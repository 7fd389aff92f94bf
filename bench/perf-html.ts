/**
 * How long the HTML report of a 1,000-test run (with 30 stored runs for the trend) takes to open
 * in headless Chromium until every chart is drawn: navigation start to the page's
 * `data-charts` mark, median of 5 loads. Needs Debian's `chromium`.
 *
 *   npx jiti bench/perf-html.ts
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { RunRecord } from '../src/perf/record.js'
import { htmlReport } from '../src/perf/report/html-report.js'
import { median } from '../src/perf/stats/median.js'

function run(day: number): RunRecord {
  const tests = Array.from({ length: 1000 }, (_, i) => ({
    id: `test/f${i % 40}.test.ts > suite > test ${i}`,
    name: `test ${i}`,
    file: `test/f${i % 40}.test.ts`,
    line: i % 50,
    outcome: 'passed' as const,
    phases: { acquire: 3, body: 5 + ((i * 37 + day) % 200), release: 1 },
    counts: { calls: 9, rows: 3, blocks: 120, blocksRead: 0, tempBlocks: 0, walBytes: 4096, execMs: 1 },
    top: Array.from({ length: 5 }, (_, q) => ({
      query: `SELECT * FROM t${q} WHERE id = $1`,
      calls: 2,
      rows: 2,
      execMs: 0.1,
      blocks: 4,
    })),
    nPlusOne: [],
    notes: [],
  }))
  const machine = {
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'x',
    node: 'v20',
    postgres: '17',
    commit: 'c',
  }
  const createdAt = new Date(Date.UTC(2026, 10, 1 + day)).toISOString()
  return { format: 'pgtestbed-perf-run', version: 1, id: String(day), createdAt, machine, tests }
}

const dir = mkdtempSync(join(tmpdir(), 'pgt-perf-html-'))
const file = join(dir, 'report.html')
writeFileSync(file, htmlReport(run(30), { history: Array.from({ length: 29 }, (_, d) => run(d)) }))
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const times: number[] = []
try {
  for (let i = 0; i < 6; i++) {
    const page = await browser.newPage()
    const started = performance.now()
    await page.goto(`file://${file}`)
    await page.waitForFunction('document.body.dataset.charts !== undefined')
    if (i > 0) times.push(performance.now() - started) // the first load warms the browser
    await page.close()
  }
} finally {
  await browser.close()
}
console.log(`perf-html: 1,000 tests, 30 runs in the trend, ${(statSync(file).size / 1024).toFixed(0)} KB`)
console.log(
  `open until every chart is drawn: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
)
rmSync(dir, { recursive: true, force: true })
