import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { takePending } from '../../src/perf/pending-records.js'
import { closeStatementReaders } from '../../src/perf/statements.js'
import { perfFixture } from '../../src/perf/track-test.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let dir: string
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pgt-perf-'))
  process.env['PGTESTBED_PERF'] = '1'
  process.env['PGTESTBED_PERF_DIR'] = dir
  process.env['PGTESTBED_RUN_ID'] = 'track'
  process.env['PGTESTBED_PERF_N_PLUS_ONE'] = '5'
})
afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})
afterAll(() => closeStatementReaders())

/** A fixture like the integrations': acquires a scratch database, hands it over, drops it. */
function scratchFixture(): (use: (db: ScratchDatabase) => Promise<void>) => Promise<void> {
  return async (use) => {
    const db = await scratchDatabase()
    try {
      await use(db)
    } finally {
      await db.drop()
    }
  }
}

describe('perfFixture', () => {
  it("records a test's phases and its database's own statement counts", async () => {
    await perfFixture(
      { name: 'loads users one by one', file: 'users.test.ts', line: 3 },
      scratchFixture(),
      async (db) => {
        await db.client.query('CREATE TABLE users (id int PRIMARY KEY, name text)')
        await db.client.query("INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 20) g")
        for (let id = 1; id <= 6; id++) {
          await db.client.query('SELECT name FROM users WHERE id = $1', [id])
          // What a pool (asyncpg's) sends each time a connection goes back: not an N+1 hint.
          await db.client.query('SELECT pg_advisory_unlock_all()')
          await db.client.query('UNLISTEN *')
        }
      },
    )
    const { tests, serverVersion } = takePending(dir, 'track', { remove: false })
    expect(tests).toHaveLength(1)
    const [record] = tests
    expect(record?.id).toBe('users.test.ts > loads users one by one')
    expect(record?.outcome).toBe('passed')
    expect(Object.keys(record?.phases ?? {})).toEqual(['acquire', 'body', 'release'])
    // The six lookups are one normalized statement run six times: an N+1 hint (N = 5 here).
    expect(record?.nPlusOne.map((q) => [q.query, q.calls])).toEqual([
      ['SELECT name FROM users WHERE id = $1', 6],
    ])
    // CREATE + INSERT + 6 × 3; the INSERT wrote 20 rows, the SELECTs returned 6 + 6 (unlock_all).
    expect(record?.counts?.calls).toBe(20)
    expect(record?.counts?.rows).toBe(32)
    expect(record?.counts?.walBytes).toBeGreaterThan(0)
    expect(serverVersion).toMatch(/^\d+\.\d+/)
  })

  it("counts only the test's own database, not another test's running at the same time", async () => {
    const other = await scratchDatabase()
    try {
      await perfFixture({ name: 'quiet' }, scratchFixture(), async (db) => {
        for (let i = 0; i < 10; i++) await other.client.query('SELECT 1')
        await db.client.query('SELECT 2')
      })
    } finally {
      await other.drop()
    }
    const [record] = takePending(dir, 'track', { remove: false }).tests
    expect(record?.counts?.calls).toBe(1)
    expect(record?.nPlusOne).toEqual([])
  })

  it('records a failed test and rethrows its error', async () => {
    await expect(
      perfFixture({ name: 'fails' }, scratchFixture(), async (db) => {
        await db.client.query('SELECT 1')
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const [record] = takePending(dir, 'track', { remove: false }).tests
    expect(record?.outcome).toBe('failed')
  })

  it('writes nothing when tracking is off', async () => {
    process.env['PGTESTBED_PERF'] = '0'
    let ran = false
    await perfFixture({ name: 'off' }, scratchFixture(), async () => {
      ran = true
    })
    expect(ran).toBe(true)
    expect(takePending(dir, 'track', { remove: false }).tests).toEqual([])
  })
})
