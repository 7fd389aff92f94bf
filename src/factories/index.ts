/**
 * Schema-aware data factories: `pgtestbed/factories`. Valid rows for any table from a seed,
 * inserted in bulk through COPY.
 * @module
 */
export type { ColumnPlan } from './column-plan.js'
export { planColumns } from './column-plan.js'
export {
  type Batch,
  createFactories,
  type Factories,
  type FactoriesOptions,
  type Override,
  type Overrides,
  type Row,
} from './create-factories.js'
export { type EncodeColumn, encodeRow, encodeValue } from './encode-row.js'
export { generateValue } from './generate-value.js'
export { type FactoryLintResult, lintFactories } from './lint-factories.js'
export { hashKey, keyedRandom, seededRandom } from './seeded-random.js'
