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

// Interleavings
// Matchers for vitest and jest
// Scenario files (`pgtestbed isolation run`)
// The anomaly catalogue (`pgtestbed isolation check`)
// Deadlocks
// Error classes and retries
// Concurrency load
// Per-test rollback mode
export {
  ANOMALIES,
  type AnomalyCondition,
  type AnomalyScenario,
  type ClassifiedError,
  type ConcurrencyMatchers,
  checkIsolation,
  classifyError,
  concurrencyMatchers,
  type DeadlockEvent,
  type DeadlockOptions,
  type DeadlockResult,
  deadlockScenario,
  type ErrorClass,
  type FileScenario,
  type InterleaveOptions,
  type InterleavingReport,
  type IsolationCell,
  type IsolationCheck,
  type IsolationCheckOptions,
  type IsolationLevel,
  type IsolationRow,
  interleave,
  type LoadOptions,
  type LoadReport,
  loadScenarioDir,
  loadScenarioFile,
  type RetryOptions,
  type RollbackClient,
  type RollbackMode,
  type RollbackModeOptions,
  runDeadlock,
  runLoad,
  ScenarioError,
  type ScenarioExpectation,
  type ScenarioSpec,
  type SessionSpec,
  type StepExpectation,
  type StepResult,
  type StepSpec,
  type StepStatus,
  sameRows,
  sortRows,
  startRollbackMode,
  type Verdict,
  withRetry,
} from '../concurrency/index.js'
// Errors
