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
  return counts.regressions.map((r) =>
    githubCommand(
      'warning',
      { file: r.file, line: r.line },
      `${r.test}: ${r.metric} grew from ${r.baseline} to ${r.current}`,
    ),
  )
}

/** A workflow command (`::warning file=…,line=…,title=pgtestbed perf::message`), escaped. */
export function githubCommand(
  level: 'warning' | 'error',
  at: { file: string | undefined; line: number | undefined },
  message: string,
): string {
  const where = [
    at.file !== undefined ? `file=${escapeProp(at.file)}` : undefined,
    at.line !== undefined ? `line=${at.line}` : undefined,
    `title=${escapeProp('pgtestbed perf')}`,
  ]
    .filter(Boolean)
    .join(',')
  return `::${level} ${where}::${escapeData(message)}`
}
