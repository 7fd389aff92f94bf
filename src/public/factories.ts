/**
 * `pgtestbed/factories`: schema-aware data factories — valid rows for any table from a seed,
 * inserted in bulk through COPY (docs/fixtures.md#factories).
 *
 * @example
 * import { createFactories } from 'pgtestbed/factories'
 * const f = await createFactories(client, { seed: 42 })
 * const users = await f.create('users', 10)
 * @module
 */
export {
  type Batch,
  createFactories,
  type Factories,
  type FactoriesOptions,
  type FactoryLintResult,
  lintFactories,
  type Override,
  type Overrides,
  type Row,
} from '../factories/index.js'
