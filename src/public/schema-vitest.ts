/**
 * `pgtestbed/schema/vitest`: registers the schema and plan matchers with vitest and declares
 * their types.
 *
 * @example
 * import 'pgtestbed/schema/vitest'
 * expect(await introspect(db)).toHaveTable('tb_query')
 * @module
 */
import '../schema/vitest.js'
