/**
 * Built-in scenarios for predicate anomalies that repeatable read prevents: predicate-many-
 * preceders (PMP, with a read and with a write predicate) and the predicate variants of read skew
 * (G-single with a predicate dependency, and with a write predicate). Scripts follow Hermitage.
 * @module
 */
import { type AnomalyScenario, anomaly, begins, committed, prevented, step, TEST_TABLE } from './anomaly.js'

const FROM_REPEATABLE_READ = {
  'read committed': 'anomaly',
  'repeatable read': 'prevented',
  serializable: 'prevented',
} as const

/** PMP: a predicate read returns a different result after a concurrent insert commits. */
export const PMP: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'PMP',
  name: 'Predicate-many-preceders',
  description: 'T1 reads a predicate, T2 inserts a matching row and commits, T1 reads again and sees it.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select id, value from test where value = 30'),
    step('T2', 'insert into test (id, value) values (3, 30)'),
    step('T2', 'commit'),
    step('T1', 'select id, value from test where value % 3 = 0'),
    step('T1', 'commit'),
  ],
  verdict(report) {
    return report.step(2).rows.length === 0 && report.step(5).rows.length > 0
      ? anomaly("T1's second predicate read saw T2's insert")
      : prevented(report)
  },
  documented: FROM_REPEATABLE_READ,
  source: 'built-in',
}

/** PMP with a write predicate: T2 deletes `value = 20` and still finds such a row afterwards. */
export const PMP_WRITE: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'PMP-write',
  name: 'Predicate-many-preceders (write predicate)',
  description:
    'T1 adds 10 to every row; T2 deletes value = 20 concurrently, then still reads a row with value 20.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'update test set value = value + 10'),
    step('T2', 'delete from test where value = 20'),
    step('T1', 'commit'),
    step('T2', 'select id, value from test where value = 20'),
    step('T2', 'commit'),
  ],
  verdict(report) {
    return report.step(3).status === 'ok' && report.step(5).rows.length > 0 && committed(report, 'T2')
      ? anomaly("T2's delete of value = 20 left a row with value 20")
      : prevented(report)
  },
  documented: FROM_REPEATABLE_READ,
  source: 'built-in',
}

/** G-single with a predicate dependency: T1's second predicate read sees T2's update. */
export const G_SINGLE_DEPENDENCIES: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G-single-dependencies',
  name: 'Read skew (predicate dependencies)',
  description: "T1 reads value % 5 = 0, T2 changes 10 to 12 and commits, T1's read of value % 3 = 0 sees 12.",
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select id, value from test where value % 5 = 0'),
    step('T2', 'update test set value = 12 where value = 10'),
    step('T2', 'commit'),
    step('T1', 'select id, value from test where value % 3 = 0'),
    step('T1', 'commit'),
  ],
  verdict(report) {
    return report.step(2).rows.length === 2 && report.step(5).rows.length > 0
      ? anomaly("T1 saw the state before T2 and then T2's update")
      : prevented(report)
  },
  documented: FROM_REPEATABLE_READ,
  source: 'built-in',
}

/** G-single with a write predicate: T1 read before T2, but its delete acts on T2's result. */
export const G_SINGLE_WRITE: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G-single-write',
  name: 'Read skew (write predicate)',
  description:
    "T1 reads row 1, T2 changes both rows, T1's delete of value = 20 waits for T2 and then acts on T2's rows.",
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select id, value from test where id = 1'),
    step('T2', 'select id, value from test'),
    step('T2', 'update test set value = 12 where id = 1'),
    step('T2', 'update test set value = 18 where id = 2'),
    step('T1', 'delete from test where value = 20'),
    step('T2', 'commit'),
    step('T1', 'commit'),
  ],
  verdict(report) {
    return report.step(6).status === 'ok' && committed(report, 'T1')
      ? anomaly(
          `T1 read the state before T2 but its delete saw T2's rows (${report.step(6).tags.join(', ')})`,
        )
      : prevented(report)
  },
  documented: FROM_REPEATABLE_READ,
  source: 'built-in',
}
