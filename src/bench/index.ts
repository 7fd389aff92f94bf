export { BENCH_PROJECT, benchProvision, type ProvisionBenchResult } from './provision.js'
export { benchVector, type VectorBenchOptions, type VectorBenchResult } from './vector.js'
