/**
 * JUnit XML with per-test durations (and a failure element for failed tests and count
 * regressions), for CI systems that chart test times.
 * @module
 */
import type { CountsReport } from '../compare-counts.js'
import type { RunRecord, TestRecord } from '../record.js'
import { testMs } from './run-summary.js'

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * Renders a run as JUnit XML (one testsuite per file).
 *
 * @example
 * writeFileSync('perf-junit.xml', junitReport(run, counts))
 */
export function junitReport(run: RunRecord, counts?: CountsReport): string {
  const byFile = new Map<string, TestRecord[]>()
  for (const t of run.tests)
    byFile.set(t.file ?? '(unknown)', [...(byFile.get(t.file ?? '(unknown)') ?? []), t])
  const regressed = new Map<string, string[]>()
  for (const r of counts?.regressions ?? [])
    regressed.set(r.test, [...(regressed.get(r.test) ?? []), `${r.metric} ${r.baseline} → ${r.current}`])
  const suites = [...byFile].map(([file, tests]) => {
    const failures = tests.filter((t) => t.outcome === 'failed' || regressed.has(t.id)).length
    const seconds = tests.reduce((s, t) => s + testMs(t), 0) / 1000
    const cases = tests.map((t) => {
      const body: string[] = []
      if (t.outcome === 'failed') body.push('<failure message="test failed"/>')
      const r = regressed.get(t.id)
      if (r !== undefined)
        body.push(`<failure message="${xml(`perf regression: ${r.join(', ')}`)}" type="perf"/>`)
      const name = xml(t.id.split(' > ').slice(1).join(' > ') || t.name)
      const time = (testMs(t) / 1000).toFixed(4)
      return body.length === 0
        ? `    <testcase classname="${xml(file)}" name="${name}" time="${time}"/>`
        : `    <testcase classname="${xml(file)}" name="${name}" time="${time}">${body.join('')}</testcase>`
    })
    return `  <testsuite name="${xml(file)}" tests="${tests.length}" failures="${failures}" time="${seconds.toFixed(4)}">\n${cases.join('\n')}\n  </testsuite>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pgtestbed perf">\n${suites.join('\n')}\n</testsuites>\n`
}
