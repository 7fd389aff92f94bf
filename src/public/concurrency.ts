/**
 * `pgtestbed/concurrency`: scripted interleavings of several sessions, the isolation anomaly
 * catalogue, deadlocks, error classes, retries, concurrency load and per-test rollback mode
 * (docs/concurrency.md).
 *
 * @example
 * import { interleave } from 'pgtestbed/concurrency'
 * const report = await interleave({ url, setup, steps: [{ session: 'T1', sql: 'begin' }] })
 * @module
 */

// The anomaly catalogue (`pgtestbed isolation check`)
export type { AnomalyScenario, IsolationLevel, Verdict } from '../concurrency/anomalies/anomaly.js'
export { ANOMALIES } from '../concurrency/anomalies/catalogue.js'
export {
  checkIsolation,
  type IsolationCell,
  type IsolationCheck,
  type IsolationCheckOptions,
  type IsolationRow,
} from '../concurrency/anomalies/isolation-check.js'
// Error classes and retries
export { type ClassifiedError, classifyError, type ErrorClass } from '../concurrency/classify-error.js'
// Deadlocks
export {
  type DeadlockOptions,
  type DeadlockResult,
  deadlockScenario,
  runDeadlock,
} from '../concurrency/deadlock.js'
// Expectations a scenario states about its steps
export type {
  AnomalyCondition,
  ScenarioExpectation,
  StepExpectation,
} from '../concurrency/expectations.js'
// Interleavings
export { type InterleaveOptions, interleave } from '../concurrency/interleave.js'
// Concurrency load
export { type LoadOptions, type LoadReport, runLoad } from '../concurrency/load.js'
// Matchers for vitest and jest
export { type ConcurrencyMatchers, concurrencyMatchers } from '../concurrency/matchers.js'
export { sameRows, sortRows } from '../concurrency/report.js'
export { type RetryOptions, withRetry } from '../concurrency/retry.js'
// Per-test rollback mode
export {
  type RollbackClient,
  type RollbackMode,
  type RollbackModeOptions,
  startRollbackMode,
} from '../concurrency/rollback-mode.js'
export type {
  DeadlockEvent,
  InterleavingReport,
  ScenarioSpec,
  SessionSpec,
  StepResult,
  StepSpec,
  StepStatus,
} from '../concurrency/scenario.js'
// Errors
export { ScenarioError } from '../concurrency/scenario-error.js'
// Scenario files (`pgtestbed isolation run`)
export { type FileScenario, loadScenarioDir, loadScenarioFile } from '../concurrency/scenario-file.js'
