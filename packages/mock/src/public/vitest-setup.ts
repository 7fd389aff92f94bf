/**
 * `@pgtestbed/mock/vitest-setup` (also `pgtestbed/mock/vitest-setup`): adds `expect(mock).toHaveReceived(...)` to vitest (a setup file).
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['@pgtestbed/mock/vitest-setup'] } })
 * @module
 */
import '../mock/vitest-setup.js'
