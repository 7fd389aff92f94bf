export { BENCH_PROJECT, benchProvision, type ProvisionBenchResult } from './provision.js'
