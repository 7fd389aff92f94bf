/**
 * A vitest setup file that adds `expect(mock).toHaveReceived(...)`. Add it to `setupFiles`:
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['pgtestbed/mock/vitest-setup'] } })
 * @module
 */
import { expect } from 'vitest'
import { type MockMatchers, mockMatchers } from './verify.js'

expect.extend(mockMatchers)

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration uses this signature.
  interface Assertion<T = any> extends MockMatchers<T> {}
  interface AsymmetricMatchersContaining extends MockMatchers {}
}
