import { spawnSync } from 'node:child_process'

/** The Python the tests run: Debian's (its python3-* packages are what .ci/run installs). */
export const PYTHON = '/usr/bin/python3'

/**
 * Why tests that need these Python modules cannot run here, or undefined when they can. In CI
 * (`CI=true`) they always run: a missing package must fail there, not skip.
 */
export function pythonMissing(modules: readonly string[]): string | undefined {
  if (process.env['CI'] === 'true') return undefined
  const found = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' })
  if (found.status === 0) return undefined
  return `skipped: ${PYTHON} lacks ${modules.join(', ')} (Debian's python3-* packages; .ci/run installs them)`
}
