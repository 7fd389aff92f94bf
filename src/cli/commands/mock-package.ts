/**
 * Loads `@pgtestbed/mock` for the `mock …` and `oauth rotate` commands, only when one of them
 * runs: the mock is a package of its own (an optional peer dependency), so a database-only
 * install has no mock code, and `pgtestbed --help` lists these commands without it.
 * @module
 */
import { failure, PgtestbedError } from '../../errors.js'

/** What the commands call: `@pgtestbed/mock/cli`. */
export type MockCli = typeof import('@pgtestbed/mock/cli')

/** The package the commands need; the fix names it. */
export const MOCK_PACKAGE = '@pgtestbed/mock'

/**
 * Imports `@pgtestbed/mock/cli`; when the package is not installed, a PGT_MOCK_NOT_INSTALLED
 * error (exit 2) says how to install it. `command` names the command in that message.
 *
 * @example
 * const mock = await loadMockCli('mock serve')
 */
export async function loadMockCli(command: string): Promise<MockCli> {
  try {
    return await import('@pgtestbed/mock/cli')
  } catch (err) {
    // Only the package itself missing; a broken install (one of its own dependencies missing)
    // keeps Node's message, which names that dependency.
    const code = (err as { code?: unknown }).code
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((err as Error).message).includes(`'${MOCK_PACKAGE}'`))
      throw err
    throw new PgtestbedError(
      'PGT_MOCK_NOT_INSTALLED',
      failure(
        `run \`pgtestbed ${command}\``,
        `the mock server and OAuth rotation are a separate package, ${MOCK_PACKAGE}, which is not installed`,
        `Install it next to pgtestbed: npm install -D ${MOCK_PACKAGE}`,
      ),
      { cause: err },
    )
  }
}

/**
 * Runs `use` with the loaded package; its errors (MockError, with the same stable codes) become
 * PgtestbedErrors, so the CLI reports them like its own (code, message, exit 2).
 *
 * @example
 * return withMockCli('mock check', (mock) => mock.checkMockDir(dir))
 */
export async function withMockCli<T>(command: string, use: (mock: MockCli) => T | Promise<T>): Promise<T> {
  const mock = await loadMockCli(command)
  try {
    return await use(mock)
  } catch (err) {
    if (err instanceof mock.MockError) throw new PgtestbedError(err.code, err.message, { cause: err })
    throw err
  }
}
