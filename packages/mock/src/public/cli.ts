/**
 * `@pgtestbed/mock/cli`: what the `pgtestbed mock …` and `pgtestbed oauth rotate` commands call.
 * pgtestbed loads it only when one of those commands runs (and says `npm install -D
 * @pgtestbed/mock` when it is missing). Not a user API: its shape follows pgtestbed's CLI.
 *
 * @example
 * const { serveMock } = await import('@pgtestbed/mock/cli')
 * await serveMock({ dir: 'fixtures/mock', port: 0 }, { stdout, stderr, cwd, env }, signal)
 * @module
 */
export { checkMockDir, type MockCheckResult } from '../cli/check-mock-dir.js'
export { type ServeIO, type ServeMockOptions, serveMock } from '../cli/serve-mock.js'
export { MockError } from '../errors.js'
export { formatProblem, type LocatedProblem } from '../mock/mock-errors.js'
export { STUB_FILE_SCHEMA } from '../mock/stub-file-schema.js'
export {
  OAuthRotationError,
  type RotateOptions,
  type RotationResult,
  rotateRefreshToken,
} from '../oauth/index.js'
