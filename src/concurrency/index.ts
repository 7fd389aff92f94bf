/**
 * `pgtestbed/concurrency`: scripted interleavings of several sessions, the isolation anomaly
 * catalogue, deadlock scenarios, error classification, retries, per-test rollback mode and
 * concurrency load. See docs/concurrency.md.
 * @module
 */
export {
  type AnomalyScenario,
  anomaly,
  atLevel,
  begins,
  column,
  committed,
  ISOLATION_LEVELS,
  type IsolationLevel,
  prevented,
  step,
  TEST_TABLE,
  type Verdict,
} from './anomalies/anomaly.js'
export { ANOMALIES } from './anomalies/catalogue.js'
export {
  checkIsolation,
  type IsolationCell,
  type IsolationCheck,
  type IsolationCheckOptions,
  type IsolationRow,
} from './anomalies/isolation-check.js'
export { type ClassifiedError, classifyError, type ErrorClass } from './classify-error.js'
export { type DeadlockOptions, type DeadlockResult, deadlockScenario, runDeadlock } from './deadlock.js'
export {
  type AnomalyCondition,
  anomalyHappened,
  reportMismatches,
  type ScenarioExpectation,
  type StepExpectation,
  stepMismatches,
} from './expectations.js'
export { type InterleaveOptions, interleave } from './interleave.js'
export { type LoadOptions, type LoadReport, runLoad } from './load.js'
export { type ConcurrencyMatchers, concurrencyMatchers } from './matchers.js'
export { sameRows, sortRows } from './report.js'
export { type RetryOptions, withRetry } from './retry.js'
export {
  type RollbackClient,
  type RollbackMode,
  type RollbackModeOptions,
  startRollbackMode,
} from './rollback-mode.js'
export type {
  DeadlockEvent,
  InterleavingReport,
  ScenarioSpec,
  SessionSpec,
  StepResult,
  StepSpec,
  StepStatus,
} from './scenario.js'
export { ScenarioError } from './scenario-error.js'
export {
  type FileScenario,
  loadScenarioDir,
  loadScenarioFile,
  parseScenarios,
  toAnomalyScenario,
} from './scenario-file.js'
