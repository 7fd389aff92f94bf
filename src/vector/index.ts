/**
 * The vector folder's door for the rest of pgtestbed (the CLI, benchmarks): pgvector checks.
 * @module
 */
export { requireVector } from './availability.js'
export { checkDistances, type DistanceReport } from './check-distances.js'
export { checkFilteredSearch, type FilteredReport } from './check-filtered.js'
export { checkPrecision, type PrecisionReport } from './check-precision.js'
export { checkRecall, type RecallOptions, type RecallReport } from './check-recall.js'
export { vectorColumn } from './column.js'
export { explainSearch } from './explain-search.js'
export { exactNeighbours } from './ground-truth.js'
export { loadVectors } from './load-vectors.js'
export { distance, METRICS, type Metric } from './metric.js'
export { searchQuery } from './run-searches.js'
export { withSettings } from './session.js'
export { type SweepOptions, type SweepReport, sweepIndex } from './sweep.js'
export { sweepChart, sweepTable } from './sweep-chart.js'
export { syntheticDataset } from './synthetic.js'
export { VectorError } from './vector-error.js'
export { parseVector } from './vector-text.js'
