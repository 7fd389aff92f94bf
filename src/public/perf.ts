/**
 * `pgtestbed/perf`: cost assertions that do not flake (blocks touched, statements run), and the
 * pieces to read perf run records and compare them (docs/perf.md).
 *
 * @example
 * import { expectQueryCost, expectStatements } from 'pgtestbed/perf'
 * await expectQueryCost(db, 'SELECT * FROM orders WHERE customer_id = $1', [42]).toTouchAtMost({ blocks: 20 })
 * await expectStatements(db, () => loadOrders(db)).toRunAtMost({ perQuery: 1 })
 * @module
 */

export type { InstallStep } from '../perf/ab/base-worktree.js'
export {
  type BudgetBreach,
  type BudgetsReport,
  checkBudgets,
} from '../perf/check-budgets.js'
// Run records and their comparison
export {
  type CountMetric,
  type CountRegression,
  type CountsReport,
  compareCounts,
} from '../perf/compare-counts.js'
export {
  type AbRound,
  type CompareTimesOptions,
  compareTimes,
  type TimeComparison,
  type TimesReport,
} from '../perf/compare-times.js'
export { type PerfAb, type PerfAbOptions, perfAb } from '../perf/perf-ab.js'
export { PerfError } from '../perf/perf-error.js'
// Cost assertions
export {
  type CallLimits,
  CostAssertionError,
  type CostExpectation,
  type CostLimits,
  type CostTarget,
  expectQueryCost,
  expectStatements,
  type QueryCost,
  type StatementsRun,
} from '../perf/query-cost.js'
export type {
  MachineInfo,
  PhaseTimes,
  QueryStat,
  RunRecord,
  StatementCounts,
  TestRecord,
} from '../perf/record.js'
export { readRun } from '../perf/run-record.js'
