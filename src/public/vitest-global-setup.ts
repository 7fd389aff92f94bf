/**
 * `pgtestbed/vitest/global-setup`: prepares the server and the template once per vitest run.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['pgtestbed/vitest/global-setup'] } })
 * @module
 */
import setup from '../integrations/vitest/global-setup.js'

/** The part of vitest's `TestProject` the global setup uses: it provides `inject('pgtestbed')`. */
export interface GlobalSetupProject {
  provide(key: 'pgtestbed', value: { url: string; runId: string }): void
}

/**
 * vitest calls it once per run (list this module in `globalSetup`); it returns the teardown.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['pgtestbed/vitest/global-setup'] } })
 */
const globalSetup: (project: GlobalSetupProject) => Promise<() => Promise<void>> = setup
export default globalSetup
