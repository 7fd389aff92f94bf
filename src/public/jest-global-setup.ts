/**
 * `pgtestbed/jest/global-setup`: starts the server and builds the template once per jest run;
 * workers attach to it.
 *
 * @example
 * // jest.config.js
 * export default { globalSetup: 'pgtestbed/jest/global-setup', globalTeardown: 'pgtestbed/jest/global-teardown' }
 * @module
 */
import { globalSetup } from '../integrations/jest-global-setup.js'

/**
 * jest runs it once before the workers start (name this module in `globalSetup`).
 *
 * @example
 * // jest.config.js
 * export default { globalSetup: 'pgtestbed/jest/global-setup' }
 */
const setup: () => Promise<void> = globalSetup
export default setup
