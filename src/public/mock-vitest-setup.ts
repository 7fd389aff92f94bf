/**
 * `pgtestbed/mock/vitest-setup`: adds `expect(mock).toHaveReceived(...)` to vitest (a setup file);
 * the same as `@pgtestbed/mock/vitest-setup`, which it loads.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['pgtestbed/mock/vitest-setup'] } })
 * @module
 */
import '@pgtestbed/mock/vitest-setup'
