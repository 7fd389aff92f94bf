import { describe, expect, test } from 'vitest'
import { type StepResult, stepMismatches } from '../../src/concurrency/index.js'

function step(over: Partial<StepResult>): StepResult {
  return {
    kind: 'step-result',
    index: 3,
    session: 'T2',
    sql: 'update t set v = 1',
    status: 'ok',
    blocked: false,
    blockedBy: [],
    unblockedBy: null,
    waitedFor: null,
    tags: ['UPDATE 1'],
    columns: [],
    rows: [],
    sqlstate: null,
    message: null,
    detail: null,
    startedAtMs: 0,
    finishedAtMs: 1,
    ...over,
  }
}

describe('stepMismatches', () => {
  const failed = step({ status: 'error', sqlstate: '40001', message: 'could not serialize access', tags: [] })

  test('sqlstate by code, by class, a list, and null for "no error"', () => {
    expect(stepMismatches(failed, { sqlstate: '40001' })).toEqual([])
    expect(stepMismatches(failed, { sqlstate: 'serialization-failure' })).toEqual([])
    expect(stepMismatches(failed, { sqlstate: ['deadlock', 'serialization-failure'] })).toEqual([])
    expect(stepMismatches(step({}), { sqlstate: ['40001', null] })).toEqual([])
    expect(stepMismatches(failed, { sqlstate: null })).toEqual([
      'step 3 (T2): expected no error, got 40001 (could not serialize access)',
    ])
    expect(stepMismatches(step({}), { sqlstate: ['40P01', '40001'] })).toEqual([
      'step 3 (T2): expected error 40P01 or error 40001, got ok',
    ])
  })

  test('status, blocked, rows (any order), tags and unblockedBy', () => {
    const s = step({ blocked: true, unblockedBy: 4, rows: [[2], [1]], tags: ['SELECT 2'] })
    expect(
      stepMismatches(s, { blocked: true, unblockedBy: 4, rows: [[1], [2]], tags: ['SELECT 2'] }),
    ).toEqual([])
    expect(stepMismatches(s, { blocked: false, unblockedBy: 5, status: 'error', tags: ['COMMIT'] })).toEqual([
      'step 3 (T2): expected status error, got ok',
      'step 3 (T2): expected not to be blocked, but it was',
      'step 3 (T2): expected tags ["COMMIT"], got ["SELECT 2"]',
      'step 3 (T2): expected to be released by step 5, got 4',
    ])
    const timedOut = step({ status: 'timeout', message: 'still blocked by session T1' })
    expect(stepMismatches(timedOut, { status: 'ok' })).toEqual([
      'step 3 (T2): expected status ok, got timeout (timeout: still blocked by session T1)',
    ])
  })
})
