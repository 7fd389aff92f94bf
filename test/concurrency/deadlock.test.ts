import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deadlockScenario, runDeadlock } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import './support.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

describe('deadlocks', () => {
  test('the embedded engine runs with deadlock_timeout = 100ms', async () => {
    const { rows } = await db.client.query('show deadlock_timeout')
    expect(rows[0].deadlock_timeout).toBe('100ms')
  })

  test('two-resource deadlock: one victim with 40P01, the other commits', async () => {
    const result = await runDeadlock({ url: db.url })
    expect(result.kind).toBe('deadlock-result')
    expect(result.sqlstate).toBe('40P01')
    expect(['T1', 'T2']).toContain(result.victim)
    expect(result.detectionMs).toBeGreaterThan(0)
    expect(result.survivors).toEqual(['T1', 'T2'].filter((s) => s !== result.victim))
    expect(result.report.step(result.victimStep!)).toFailWith('40P01')
    expect(result.report.deadlocks).toHaveLength(1)
    // The survivor's two increments are in; the victim's are not.
    const total = result.report.final!.reduce((sum, row) => sum + Number(row[1]), 0)
    expect(total).toBe(2)
  })

  test('three-party cycle: exactly one victim, the others finish', async () => {
    const result = await runDeadlock({ url: db.url, parties: 3 })
    expect(result.report.deadlocks).toHaveLength(1)
    expect(['T1', 'T2', 'T3']).toContain(result.victim)
    expect(result.survivors).toHaveLength(2)
    expect(result.report.timedOut).toBe(false)
  })

  test('the scenario itself is plain data, and bad arguments are refused', () => {
    const spec = deadlockScenario({ parties: 2, table: 'locks' })
    expect(spec.steps.map((s) => s.sql)).toEqual([
      'begin; update locks set v = v + 1 where id = 1',
      'begin; update locks set v = v + 1 where id = 2',
      'update locks set v = v + 1 where id = 2',
      'update locks set v = v + 1 where id = 1',
      'commit',
      'commit',
    ])
    expect(() => deadlockScenario({ parties: 1 })).toThrow(/at least 2 parties/)
    expect(() => deadlockScenario({ table: 'Bad Name' })).toThrow(/plain lower-case identifier/)
  })
})
