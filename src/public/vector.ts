/**
 * `pgtestbed/vector`: pgvector checks for tests and the CLI — recall@k of HNSW / IVFFlat indexes
 * against exact search computed in-process, proof from EXPLAIN that the index is used, seeded
 * synthetic embeddings loaded by COPY, and matchers (docs/vector.md).
 *
 * @example
 * import { expect } from 'vitest'
 * import { vectorMatchers, vectorSearch } from 'pgtestbed/vector'
 * expect.extend(vectorMatchers)
 * await expect(vectorSearch(client, { table: 'items', column: 'embedding' })).toHaveRecallAtLeast(0.95, { k: 10 })
 * @module
 */

export { requireVector } from '../vector/availability.js'
export {
  checkDistances,
  type DistanceOptions,
  type DistanceReport,
  type OperatorAgreement,
} from '../vector/check-distances.js'
export {
  checkFilteredSearch,
  type FilteredMode,
  type FilteredOptions,
  type FilteredReport,
} from '../vector/check-filtered.js'
export { checkPrecision, type PrecisionOptions, type PrecisionReport } from '../vector/check-precision.js'
export { checkRecall, type RecallOptions, type RecallReport } from '../vector/check-recall.js'
export type { VectorType } from '../vector/column.js'
export { type ExplainSearchOptions, explainSearch } from '../vector/explain-search.js'
export { exactNeighbours, type GroundTruth } from '../vector/ground-truth.js'
export type { VectorIndex } from '../vector/indexes.js'
export { type LoadVectorsOptions, type LoadVectorsResult, loadVectors } from '../vector/load-vectors.js'
export { type VectorMatchers, type VectorSearch, vectorMatchers, vectorSearch } from '../vector/matchers.js'
export { distance, type Metric } from '../vector/metric.js'
export { RECALL_EPSILON } from '../vector/recall.js'
export type { QueryInput, RecallTarget } from '../vector/recall-context.js'
export type { SearchPlan } from '../vector/search-plan.js'
export type { SearchSettings } from '../vector/session.js'
export { type SweepOptions, type SweepPoint, type SweepReport, sweepIndex } from '../vector/sweep.js'
export { sweepChart, sweepTable } from '../vector/sweep-chart.js'
export { type SyntheticOptions, syntheticDataset, type VectorDataset } from '../vector/synthetic.js'
export { VectorError } from '../vector/vector-error.js'
