/**
 * The project's test files, for sharding: every file under the root whose name looks like a
 * test (`*.test.*`, `*.spec.*`), or matches the given globs; node_modules, dist and dot folders
 * skipped. Paths are relative, with `/`, sorted.
 * @module
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { globToRegExp } from '../internal/glob.js'

const TEST_NAME = /\.(test|spec)\.[cm]?[jt]sx?$/
const SKIP = new Set(['node_modules', 'dist', 'coverage'])

/**
 * Test files under `rootDir` (globs use `**` for any folders, e.g. `test/** /*.test.ts`).
 *
 * @example
 * findTestFiles(process.cwd(), []) // ['test/a.test.ts', 'test/b.test.ts']
 */
export function findTestFiles(rootDir: string, globs: readonly string[]): string[] {
  // globToRegExp's `*` stops at `.` (made for object names); paths want it to stop at `/`, and
  // `**/` to match no folder as well.
  const patterns = globs.map(
    (g) => new RegExp(globToRegExp(g).source.replaceAll('[^.]*', '[^/]*').replaceAll('.*\\/', '(?:.*\\/)?')),
  )
  const matches = (path: string): boolean =>
    patterns.length === 0 ? TEST_NAME.test(path) : patterns.some((p) => p.test(path))
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) {
        const path = relative(rootDir, full).replaceAll('\\', '/')
        if (matches(path)) out.push(path)
      }
    }
  }
  walk(rootDir)
  return out.sort()
}
