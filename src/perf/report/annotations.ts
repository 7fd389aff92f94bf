/**
 * GitHub Actions annotations (`::warning file=…,line=…::`) on the tests that regressed.
 * @module
 */
import type { CountsReport } from '../compare-counts.js'

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProp = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/**
 * One workflow command per count regression.
 *
 * @example
 * for (const line of githubAnnotations(counts)) console.log(line)
 */
export function githubAnnotations(counts: CountsReport): string[] {
  return counts.regressions.map((r) => {
    const where = [
      r.file !== undefined ? `file=${escapeProp(r.file)}` : undefined,
      r.line !== undefined ? `line=${r.line}` : undefined,
      `title=${escapeProp('pgtestbed perf')}`,
    ]
      .filter(Boolean)
      .join(',')
    return `::warning ${where}::${escapeData(`${r.test}: ${r.metric} grew from ${r.baseline} to ${r.current}`)}`
  })
}
