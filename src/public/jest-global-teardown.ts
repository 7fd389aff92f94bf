/**
 * `pgtestbed/jest/global-teardown`: stops what `pgtestbed/jest/global-setup` started.
 *
 * @example
 * // jest.config.js
 * export default { globalSetup: 'pgtestbed/jest/global-setup', globalTeardown: 'pgtestbed/jest/global-teardown' }
 * @module
 */
import { globalTeardown } from '../integrations/jest-global-setup.js'

/**
 * jest runs it once after all test files (name this module in `globalTeardown`).
 *
 * @example
 * // jest.config.js
 * export default { globalTeardown: 'pgtestbed/jest/global-teardown' }
 */
const teardown: () => Promise<void> = globalTeardown
export default teardown
