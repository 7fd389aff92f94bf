import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { concurrencyMatchers, type InterleavingReport, interleave } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import './support.js'

let db: ScratchDatabase
let report: InterleavingReport
beforeAll(async () => {
  db = await scratchDatabase()
  report = await interleave({
    url: db.url,
    steps: [
      { session: 'T1', sql: 'select 1 as one' },
      { session: 'T1', sql: 'select 1/0' },
    ],
  })
})
afterAll(async () => {
  await db.drop()
})

describe('matchers', () => {
  test('failure messages describe the step', () => {
    expect(() => expect(report.step(0)).toBeBlocked()).toThrow(
      'expected step 0 (T1: select 1 as one) → ok [SELECT 1] to be blocked',
    )
    expect(() => expect(report.step(1)).toSucceed()).toThrow(
      'expected step 1 (T1: select 1/0) → error 22012: division by zero to succeed',
    )
    expect(() => expect(report.step(1)).toFailWith('40001')).toThrow(/to fail with 40001/)
    expect(() => expect(report.step(0)).not.toSucceed()).toThrow(/not to succeed/)
    expect(() => expect(report.step(0)).toReturnRows([[2]])).toThrow(/to return rows \[\[2\]\] \(any order\)/)
  })

  test('a value that is not a step result is refused', () => {
    const result = concurrencyMatchers.toBeBlocked.call({}, { status: 'ok' })
    expect(result.pass).toBe(false)
    expect(result.message()).toBe('expected a step result (report.step(i)), got object')
  })
})
