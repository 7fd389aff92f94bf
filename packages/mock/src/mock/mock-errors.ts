/**
 * Errors of the mock server: invalid stub files (every problem with file, line and column),
 * unknown packs, ports in use, unreachable record targets.
 * @module
 */
import { relative } from 'node:path'
import { failure, MockError, type MockErrorCode } from '../errors.js'

export { MockError, type MockErrorCode }

/** One problem in a stub file (or in a stub passed in code, without file and line). */
export interface LocatedProblem {
  readonly file: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined
  /** Where in the stub, e.g. `stubs[2].request.method`. */
  readonly field: string
  readonly message: string
}

/**
 * Stub files or stubs are invalid; `problems` lists every one with file, line and column.
 *
 * @example
 * catch (err) { if (err instanceof StubValidationError) for (const p of err.problems) console.error(formatProblem(p)) }
 */
export class StubValidationError extends MockError {
  readonly problems: readonly LocatedProblem[]

  constructor(what: string, problems: readonly LocatedProblem[]) {
    const head = failure(
      what,
      `${problems.length} problem${problems.length === 1 ? '' : 's'} (listed below)`,
      'Fix the stubs; `pgtestbed mock check --dir DIR` lists the problems in stub files.',
    )
    super(
      'PGT_MOCK_STUBS_INVALID' satisfies MockErrorCode,
      `${head}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    )
    this.problems = problems
  }
}

/**
 * Formats a problem as `file:line:column field: message`.
 *
 * @example
 * formatProblem(problem) // 'fixtures/a.yaml:12:5 request.method: unknown method "GETT"; use one of …'
 */
export function formatProblem(p: LocatedProblem): string {
  const where =
    p.file === undefined
      ? '(code)'
      : `${displayPath(p.file)}${p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`}`
  return `${where} ${p.field}: ${p.message}`
}

/** A path relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel.startsWith('..') || rel === '' ? file : rel
}
