import { describe, expect, it } from 'vitest'
import { outranLine, type WaitSample } from '../../src/pool/outran-report.js'

// The run's one line when its tests waited for databases: what they waited for decides the advice.
const sample = (over: Partial<WaitSample>): WaitSample => ({
  size: 2,
  acquired: 10,
  waits: [],
  clones: [],
  ...over,
})

describe('outranLine', () => {
  it('says nothing when few hand-outs waited', () => {
    expect(outranLine([sample({ waits: [40, 50] })])).toBeUndefined()
  })

  it('points at pool.size and the template when the tests waited for clones', () => {
    const line = outranLine([
      sample({ waits: [40, 50, 60], clones: [30, 30] }),
      sample({ size: 0, acquired: 0 }),
    ])
    expect(line).toMatch(
      /^pgtestbed: 3 of 10 tests waited for a fresh database \(median 50 ms; a clone took 30 ms\)/,
    )
    expect(line).toContain('A larger pool.size helps')
  })

  it('says the waits were for resets when most databases were recycled (an older sample counts none)', () => {
    const line = outranLine([
      sample({ waits: [30, 40, 50], recycled: 8 }),
      sample({ acquired: 6, waits: [40] }),
    ])
    expect(line).toMatch(
      /^pgtestbed: 4 of 16 tests waited for a database \(median 40 ms\): 8 given-back databases were reset/,
    )
    expect(line).not.toContain('pool.size helps')
  })

  it('says nothing when the waits for resets were a few milliseconds (small tables reloaded)', () => {
    expect(outranLine([sample({ waits: [3, 4, 5, 4], recycled: 9 })])).toBeUndefined()
  })
})
