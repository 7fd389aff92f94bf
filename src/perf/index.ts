/**
 * Performance tracking: per-test records, runs and baselines, regression checks, reports and
 * cost assertions. The runner integrations reach it through `perfFixture` only.
 * @module
 */

export { PerfError } from './perf-error.js'
export { perfEnv, perfSettings } from './perf-options.js'
export type * from './record.js'
export { finishPerfAtTeardown, perfRun } from './run-hooks.js'
export { finishRun, listRuns, readRun } from './run-record.js'
export { closeStatementReaders, readStatements } from './statements.js'
export { nodeTestMeta, perfFixture, type TestMeta, vitestTestMeta } from './track-test.js'
export { perfVitestFixture } from './vitest-fixture.js'
