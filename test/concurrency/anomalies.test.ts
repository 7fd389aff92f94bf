import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import './support.js'
import { ANOMALIES, checkIsolation, type IsolationCheck } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let db: ScratchDatabase
let table: IsolationCheck
beforeAll(async () => {
  db = await scratchDatabase()
  table = await checkIsolation({ url: db.url })
})
afterAll(async () => {
  await db.drop()
})

// What PostgreSQL documents (transaction-iso.html, Hermitage's PostgreSQL results).
const EXPECTED: Record<string, [string, string, string]> = {
  G0: ['prevented', 'prevented', 'prevented'],
  G1a: ['prevented', 'prevented', 'prevented'],
  G1b: ['prevented', 'prevented', 'prevented'],
  G1c: ['prevented', 'prevented', 'prevented'],
  OTV: ['prevented', 'prevented', 'prevented'],
  PMP: ['anomaly', 'prevented', 'prevented'],
  'PMP-write': ['anomaly', 'prevented', 'prevented'],
  P4: ['anomaly', 'prevented', 'prevented'],
  'G-single': ['anomaly', 'prevented', 'prevented'],
  'G-single-dependencies': ['anomaly', 'prevented', 'prevented'],
  'G-single-write': ['anomaly', 'prevented', 'prevented'],
  'G2-item': ['anomaly', 'anomaly', 'prevented'],
  G2: ['anomaly', 'anomaly', 'prevented'],
  'G2-two-edges': ['anomaly', 'anomaly', 'prevented'],
}

describe('anomaly catalogue', () => {
  test('covers every anomaly the issue lists', () => {
    expect(ANOMALIES.map((a) => a.id)).toEqual(Object.keys(EXPECTED))
  })

  test.each(Object.entries(EXPECTED))(
    '%s: read committed / repeatable read / serializable',
    (id, expected) => {
      const row = table.rows.find((r) => r.id === id)!
      expect(row.cells.map((c) => c.level)).toEqual(['read committed', 'repeatable read', 'serializable'])
      expect(row.cells.map((c) => c.outcome)).toEqual(expected)
      expect(row.cells.every((c) => c.asDocumented)).toBe(true)
    },
  )

  test('reports progress and stops when aborted', async () => {
    const seen: string[] = []
    const controller = new AbortController()
    const run = checkIsolation({
      url: db.url,
      levels: ['serializable'],
      signal: controller.signal,
      onResult: ({ id, done, total }) => {
        seen.push(`${done}/${total} ${id}`)
        if (done === 2) controller.abort(new Error('stop here'))
      },
    })
    await expect(run).rejects.toThrow('stop here')
    expect(seen).toEqual([`1/${ANOMALIES.length} G0`, `2/${ANOMALIES.length} G1a`])
  })

  test('the table matches the documented behaviour as a whole', () => {
    expect(table.asDocumented).toBe(true)
  })

  test('prevention says how: blocking at read committed, 40001 above it', () => {
    const g0 = table.rows.find((r) => r.id === 'G0')!
    expect(g0.cells[0]!.how).toBe('blocked')
    expect(g0.cells[1]!.how).toBe('serialization failure (40001)')
    const p4 = table.rows.find((r) => r.id === 'P4')!
    expect(p4.cells[1]!.report.step(5)).toFailWith('40001')
    expect(p4.cells[1]!.report.step(5)).toBeUnblockedBy(6)
    const g2 = table.rows.find((r) => r.id === 'G2-item')!
    expect(g2.cells[2]!.how).toBe('serialization failure (40001)')
  })
})
