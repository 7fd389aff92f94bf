/**
 * Built-in scenarios for lost updates (P4), read skew (G-single) and write skew (G2-item, G2 and
 * G2 with two anti-dependency edges). Scripts follow Hermitage.
 * @module
 */
import {
  type AnomalyScenario,
  anomaly,
  begins,
  column,
  committed,
  prevented,
  step,
  TEST_TABLE,
} from './anomaly.js'

const FROM_REPEATABLE_READ = {
  'read committed': 'anomaly',
  'repeatable read': 'prevented',
  serializable: 'prevented',
} as const
const ONLY_SERIALIZABLE = {
  'read committed': 'anomaly',
  'repeatable read': 'anomaly',
  serializable: 'prevented',
} as const

/** P4: two read-modify-writes of the same row (10 + 1 each); both commit and one increment is lost. */
export const P4: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'P4',
  name: 'Lost update',
  description: 'T1 and T2 both read 10 and write 10 + 1; if both commit, one increment is lost.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select value from test where id = 1'),
    step('T2', 'select value from test where id = 1'),
    step('T1', 'update test set value = 11 where id = 1'),
    step('T2', 'update test set value = 11 where id = 1'),
    step('T1', 'commit'),
    step('T2', 'commit'),
  ],
  final: 'select value from test where id = 1',
  verdict(report) {
    return committed(report, 'T1') && committed(report, 'T2')
      ? anomaly('both read-modify-writes committed: one increment was lost')
      : prevented(report)
  },
  documented: FROM_REPEATABLE_READ,
  source: 'built-in',
}

/** G-single: T1 sees part of T2's effects (row 1 before T2, row 2 after); the sum is off. */
export const G_SINGLE: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G-single',
  name: 'Read skew',
  description: 'T2 moves 2 from row 2 to row 1 (sum stays 30); T1 reads row 1 before and row 2 after.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select value from test where id = 1'),
    step('T2', 'select value from test where id = 1'),
    step('T2', 'select value from test where id = 2'),
    step('T2', 'update test set value = 12 where id = 1'),
    step('T2', 'update test set value = 18 where id = 2'),
    step('T2', 'commit'),
    step('T1', 'select value from test where id = 2'),
    step('T1', 'commit'),
  ],
  verdict(report) {
    const sum = Number(column(report.step(2))[0]) + Number(column(report.step(8))[0])
    return sum !== 30 ? anomaly(`T1 saw a total of ${sum} instead of 30`) : prevented(report)
  },
  documented: FROM_REPEATABLE_READ,
  source: 'built-in',
}

/** G2-item: write skew; each transaction writes a row the other read, and both commit. */
export const G2_ITEM: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G2-item',
  name: 'Write skew',
  description: 'T1 and T2 read rows 1 and 2; T1 writes row 1, T2 writes row 2; both must not commit.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select id, value from test where id in (1, 2)'),
    step('T2', 'select id, value from test where id in (1, 2)'),
    step('T1', 'update test set value = 11 where id = 1'),
    step('T2', 'update test set value = 21 where id = 2'),
    step('T1', 'commit'),
    step('T2', 'commit'),
  ],
  verdict(report) {
    return committed(report, 'T1') && committed(report, 'T2')
      ? anomaly('both transactions committed writes based on what the other changed')
      : prevented(report)
  },
  documented: ONLY_SERIALIZABLE,
  source: 'built-in',
}

/** G2: anti-dependency cycle over predicates: both read `value % 3 = 0`, both insert a match. */
export const G2: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G2',
  name: 'Anti-dependency cycle (predicate write skew)',
  description:
    'T1 and T2 read value % 3 = 0 (empty), then each inserts a matching row; both must not commit.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select id, value from test where value % 3 = 0'),
    step('T2', 'select id, value from test where value % 3 = 0'),
    step('T1', 'insert into test (id, value) values (3, 30)'),
    step('T2', 'insert into test (id, value) values (4, 42)'),
    step('T1', 'commit'),
    step('T2', 'commit'),
  ],
  verdict(report) {
    return committed(report, 'T1') && committed(report, 'T2')
      ? anomaly('both inserted into a predicate the other had read empty, and both committed')
      : prevented(report)
  },
  documented: ONLY_SERIALIZABLE,
  source: 'built-in',
}

/** G2 with two anti-dependency edges: T1 reads, T2 updates and commits, T3 reads T2's result, T1 writes. */
export const G2_TWO_EDGES: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G2-two-edges',
  name: 'Anti-dependency cycle (two edges)',
  description:
    'T1 reads, T2 updates row 2 and commits, T3 reads and commits, then T1 writes row 1 and commits.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'select id, value from test order by id'),
    step('T2', 'update test set value = value + 5 where id = 2'),
    step('T2', 'commit'),
    ...begins('T3'),
    step('T3', 'select id, value from test order by id'),
    step('T3', 'commit'),
    step('T1', 'update test set value = 0 where id = 1'),
    step('T1', 'commit'),
  ],
  verdict(report) {
    return committed(report, 'T1') && committed(report, 'T3')
      ? anomaly('T1 committed although T3 observed a state that T1 then invalidated')
      : prevented(report)
  },
  documented: ONLY_SERIALIZABLE,
  source: 'built-in',
}
