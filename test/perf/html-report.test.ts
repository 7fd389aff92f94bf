import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { compareTimes } from '../../src/perf/compare-times.js'
import { RUN_FORMAT, type RunRecord } from '../../src/perf/record.js'
import { htmlReport } from '../../src/perf/report/html-report.js'

const BROWSER = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync)
const ARTIFACTS = join(import.meta.dirname, '..', '..', '.scratch-perf')

/** A 1,000-test run (synthetic figures: this checks rendering, not measuring). */
function bigRun(createdAt: string, scale: number): RunRecord {
  const tests = Array.from({ length: 1000 }, (_, i) => ({
    id: `test/f${i % 40}.test.ts > suite > test ${i}`,
    name: `test ${i}`,
    file: `test/f${i % 40}.test.ts`,
    line: 10 + (i % 50),
    outcome: i === 3 ? ('failed' as const) : ('passed' as const),
    phases: { acquire: 2 + (i % 3), body: scale * (5 + ((i * 37) % 200)), release: 1 },
    counts: {
      calls: 5 + (i % 9),
      rows: i % 30,
      blocks: 100 + i,
      blocksRead: 0,
      tempBlocks: 0,
      walBytes: 2048,
      execMs: 1,
    },
    top: [
      { query: 'SELECT * FROM items WHERE id = $1 </script><b>', calls: 3, rows: 3, execMs: 0.2, blocks: 9 },
    ],
    nPlusOne: [],
    notes: [],
  }))
  const machine = {
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'x',
    node: 'v20',
    postgres: '17.2',
    commit: 'abc',
  }
  return { format: RUN_FORMAT, version: 1, id: createdAt, createdAt, machine, tests }
}

describe('the HTML report', () => {
  // Needs a Chromium binary (Debian: apt-get install chromium); without one there is no browser to open it in.
  // Without a browser it skips, saying so; in CI (.ci/run installs Debian's chromium) it must run.
  const noBrowser = BROWSER === undefined && process.env['CI'] !== 'true'
  it.skipIf(noBrowser)(
    `renders every chart in a real headless browser, offline, without console errors${noBrowser ? ' (skipped: no chromium; apt-get install chromium, as .ci/run does)' : ''}`,
    async () => {
      const run = bigRun('2026-12-05T08:00:00.000Z', 1)
      const rounds = Array.from({ length: 12 }, (_, r) => ({
        base: { a: 10 + (r % 3), b: 20 + (r % 2) },
        current: { a: 25 + (r % 3), b: 20 + (r % 2) },
      }))
      const times = compareTimes(rounds, { normalise: false })
      const history = [bigRun('2026-12-03T08:00:00.000Z', 0.9), bigRun('2026-12-04T08:00:00.000Z', 1.1)]
      mkdirSync(ARTIFACTS, { recursive: true })
      const file = join(ARTIFACTS, 'perf-report.html')
      writeFileSync(file, htmlReport(run, { history, times }))

      const browser = await chromium.launch({ executablePath: BROWSER, args: ['--no-sandbox'] })
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } })
        const problems: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(m.text())
        })
        page.on('pageerror', (e) => problems.push(e.message))
        // Offline: any request to the network fails the test.
        await page.route(/^https?:/, (route) => {
          problems.push(`network request: ${route.request().url()}`)
          return route.abort()
        })
        await page.goto(`file://${file}`)
        await page.waitForFunction('document.body.dataset.charts !== undefined')
        // Runs in the page (a string: this project's TypeScript has no DOM types).
        const charts = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((canvas) => {
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
          let painted = 0
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++
          return { id: canvas.id, chart: Chart.getChart(canvas) !== undefined, painted }
        })`)) as { id: string; chart: boolean; painted: number }[]
        expect(charts.map((c) => c.id)).toEqual(['slowest', 'phases', 'trend', 'regressions'])
        for (const c of charts) {
          expect(c.chart, c.id).toBe(true)
          expect(c.painted, c.id).toBeGreaterThan(100)
        }
        // The query text is shown as text, not markup.
        expect(await page.locator('code').first().textContent()).toContain('</script><b>')
        expect(problems).toEqual([])
        await page.screenshot({ path: join(ARTIFACTS, 'perf-report.png'), fullPage: true })
      } finally {
        await browser.close()
      }
    },
  )
})
