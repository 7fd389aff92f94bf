/**
 * Registers the schema and plan matchers with vitest and declares their types. Import it once:
 * in `setupFiles` (then add `import 'pgtestbed/schema/vitest'` or a `types` entry so TypeScript
 * sees the declarations), or at the top of a test file.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['pgtestbed/schema/vitest'] } })
 * // a test
 * import 'pgtestbed/schema/vitest'
 * expect(await introspect(db)).toHaveForeignKey('tb_run', { columns: ['fk_query'], references: 'tb_query' })
 * await expect(db).toHaveResults('SELECT id FROM tb_run ORDER BY id', [[1], [2]])
 * @module
 */
import { expect } from 'vitest'
import { type SchemaMatchers, schemaMatchers } from './matchers.js'
import { type ResultMatchers, resultMatchers } from './results/result-matchers.js'

expect.extend(schemaMatchers)
expect.extend(resultMatchers)

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration
  interface Matchers<T = any> extends SchemaMatchers<T>, ResultMatchers<T> {}
}
