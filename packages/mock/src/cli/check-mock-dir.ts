/**
 * What `pgtestbed mock check` reports: every stub file of a folder loaded and validated.
 * @module
 */
import { duplicateIdProblems, loadStubDir } from '../mock/load-stub-files.js'
import type { LocatedProblem } from '../mock/mock-errors.js'

/** What `mock check` found. */
export interface MockCheckResult {
  readonly dir: string
  readonly files: number
  readonly stubs: number
  readonly scenarios: readonly string[]
  readonly packData: readonly string[]
  readonly problems: readonly LocatedProblem[]
}

/**
 * Loads and validates every stub file in `dir`.
 *
 * @example
 * const { problems } = checkMockDir('fixtures/mock-scenarios')
 */
export function checkMockDir(dir: string): MockCheckResult {
  const loaded = loadStubDir(dir)
  return {
    dir,
    files: loaded.files.length,
    stubs: loaded.stubs.length,
    scenarios: [...loaded.scenarios].sort(),
    packData: [...loaded.packData.keys()].sort(),
    problems: [...loaded.problems, ...duplicateIdProblems(loaded.stubs)],
  }
}
