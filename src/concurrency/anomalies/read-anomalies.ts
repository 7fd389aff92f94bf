/**
 * Built-in scenarios for the anomalies every PostgreSQL level prevents: dirty writes (G0), dirty
 * reads (G1a, G1b), circular information flow (G1c) and observed transactions vanishing (OTV).
 * Scripts follow Hermitage (https://github.com/ept/hermitage, CC BY 4.0).
 * @module
 */
import { sameRows } from '../report.js'
import { type AnomalyScenario, anomaly, begins, column, prevented, step, TEST_TABLE } from './anomaly.js'

const ALL_PREVENTED = {
  'read committed': 'prevented',
  'repeatable read': 'prevented',
  serializable: 'prevented',
} as const

/** G0: two transactions overwrite each other's uncommitted writes; the final state mixes them. */
export const G0: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G0',
  name: 'Write cycle (dirty write)',
  description: 'T1 and T2 both write rows 1 and 2; the result must be all of T1 or all of T2.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'update test set value = 11 where id = 1'),
    step('T2', 'update test set value = 12 where id = 1'),
    step('T1', 'update test set value = 21 where id = 2'),
    step('T1', 'commit'),
    step('T2', 'update test set value = 22 where id = 2'),
    step('T2', 'commit'),
  ],
  final: 'select id, value from test order by id',
  verdict(report) {
    const final = report.final ?? []
    const consistent = [
      [
        [1, 11],
        [2, 21],
      ],
      [
        [1, 12],
        [2, 22],
      ],
    ]
    if (consistent.some((rows) => sameRows(rows, final))) return prevented(report)
    return anomaly(`final state mixes both writers: ${JSON.stringify(final)}`)
  },
  documented: ALL_PREVENTED,
  source: 'built-in',
}

/** G1a: T2 reads a value written by T1, which then aborts. */
export const G1A: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G1a',
  name: 'Aborted read',
  description: 'T1 writes 101 and aborts; T2 must never see 101.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'update test set value = 101 where id = 1'),
    step('T2', 'select value from test where id = 1'),
    step('T1', 'rollback'),
    step('T2', 'select value from test where id = 1'),
    step('T2', 'commit'),
  ],
  verdict(report) {
    const seen = [...column(report.step(3)), ...column(report.step(5))]
    return seen.includes(101) ? anomaly('T2 saw the aborted value 101') : prevented(report)
  },
  documented: ALL_PREVENTED,
  source: 'built-in',
}

/** G1b: T2 reads an intermediate (non-final) value written by T1. */
export const G1B: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G1b',
  name: 'Intermediate read',
  description: 'T1 writes 101 then 11 and commits; T2 must never see 101.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'update test set value = 101 where id = 1'),
    step('T2', 'select value from test where id = 1'),
    step('T1', 'update test set value = 11 where id = 1'),
    step('T1', 'commit'),
    step('T2', 'select value from test where id = 1'),
    step('T2', 'commit'),
  ],
  verdict(report) {
    const seen = [...column(report.step(3)), ...column(report.step(6))]
    return seen.includes(101) ? anomaly('T2 saw the intermediate value 101') : prevented(report)
  },
  documented: ALL_PREVENTED,
  source: 'built-in',
}

/** G1c: each of two transactions sees the other's uncommitted write. */
export const G1C: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'G1c',
  name: 'Circular information flow',
  description:
    "T1 writes row 1, T2 writes row 2, each reads the other's row; they must not both see the new values.",
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2'),
    step('T1', 'update test set value = 11 where id = 1'),
    step('T2', 'update test set value = 22 where id = 2'),
    step('T1', 'select value from test where id = 2'),
    step('T2', 'select value from test where id = 1'),
    step('T1', 'commit'),
    step('T2', 'commit'),
  ],
  verdict(report) {
    const t1 = column(report.step(4))
    const t2 = column(report.step(5))
    return t1.includes(22) && t2.includes(11)
      ? anomaly("each transaction saw the other's write")
      : prevented(report)
  },
  documented: ALL_PREVENTED,
  source: 'built-in',
}

/** OTV: T3 sees T1's writes, then sees them partly overwritten by T2 (T1 "vanishes"). */
export const OTV: AnomalyScenario = {
  kind: 'anomaly-scenario',
  id: 'OTV',
  name: 'Observed transaction vanishes',
  description: 'T1 and T2 each write rows 1 and 2; every read of T3 must show all of one transaction.',
  setup: TEST_TABLE,
  steps: [
    ...begins('T1', 'T2', 'T3'),
    step('T1', 'update test set value = 11 where id = 1'),
    step('T1', 'update test set value = 19 where id = 2'),
    step('T2', 'update test set value = 12 where id = 1'),
    step('T1', 'commit'),
    step('T3', 'select id, value from test order by id'),
    step('T2', 'update test set value = 18 where id = 2'),
    step('T3', 'select id, value from test order by id'),
    step('T2', 'commit'),
    step('T3', 'select id, value from test order by id'),
    step('T3', 'commit'),
  ],
  verdict(report) {
    const states = [
      [10, 20],
      [11, 19],
      [12, 18],
    ]
    const reads = [7, 9, 11].map((i) => report.step(i).rows.map((r) => r[1]))
    const positions = reads.map((values) =>
      states.findIndex((s) => JSON.stringify(s) === JSON.stringify(values)),
    )
    if (positions.includes(-1)) return anomaly(`T3 read a mixed state: ${JSON.stringify(reads)}`)
    if (positions.some((p, i) => i > 0 && p < positions[i - 1]!)) {
      return anomaly(`T3 saw a committed transaction vanish: ${JSON.stringify(reads)}`)
    }
    return prevented(report)
  },
  documented: ALL_PREVENTED,
  source: 'built-in',
}
