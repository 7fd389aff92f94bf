/**
 * `pgtestbed/jest/environment`: jest's node test environment that gives each test its own
 * database (read it through `db` from `pgtestbed/jest`).
 *
 * @example
 * // jest.config.js
 * export default { testEnvironment: 'pgtestbed/jest/environment' }
 * @module
 */
import type { TestEnvironment } from 'jest-environment-node'
import PgtestbedEnvironment from '../integrations/jest-environment.js'

/**
 * The environment class jest instantiates per test file (name it in `testEnvironment`).
 *
 * @example
 * // jest.config.js
 * export default { testEnvironment: 'pgtestbed/jest/environment' }
 */
const JestEnvironment: typeof TestEnvironment = PgtestbedEnvironment
export default JestEnvironment
