import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classifyError, runLoad, withRetry } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
  await db.client.query('create table account (id int primary key, balance int not null)')
  await db.client.query('create table counter (id int primary key, n int not null)')
})
afterAll(async () => {
  await db.drop()
})

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('withRetry', () => {
  test('retries serialization failures and deadlocks, then returns the result', async () => {
    const seen: string[] = []
    let calls = 0
    const result = await withRetry(
      async () => {
        calls++
        if (calls === 1) throw pgError('40001')
        if (calls === 2) throw pgError('40P01')
        return 'done'
      },
      { backoffMs: 0, onRetry: (i) => seen.push(i.errorClass) },
    )
    expect(result).toBe('done')
    expect(calls).toBe(3)
    expect(seen).toEqual(['serialization-failure', 'deadlock'])
  })

  test.each([
    ['23505', 'unique-violation'],
    ['23503', 'foreign-key-violation'],
    ['42601', 'syntax'],
    ['57014', 'query-canceled'],
    ['ECONNREFUSED', 'connection'],
  ])('does not retry %s (%s): one call, the error is thrown as is', async (code, cls) => {
    let calls = 0
    const err = pgError(code)
    await expect(
      withRetry(
        async () => {
          calls++
          throw err
        },
        { backoffMs: 0 },
      ),
    ).rejects.toBe(err)
    expect(calls).toBe(1)
    expect(classifyError(err).class).toBe(cls)
    expect((err as unknown as { attempts: number }).attempts).toBe(1)
  })

  test('gives up after `attempts` and throws the last error', async () => {
    let calls = 0
    const run = withRetry(
      async () => {
        calls++
        throw pgError('40001', `attempt ${calls}`)
      },
      { attempts: 3, backoffMs: 0 },
    )
    await expect(run).rejects.toThrow('attempt 3')
    expect(calls).toBe(3)
  })

  test('makes two conflicting serializable transactions both succeed against the real server', async () => {
    await db.client.query('truncate account; insert into account values (1, 100), (2, 100)')
    const { default: pgModule } = await import('pg')
    const a = new pgModule.Client({ connectionString: db.url })
    const b = new pgModule.Client({ connectionString: db.url })
    await Promise.all([a.connect(), b.connect()])
    let retries = 0
    const withdraw = (client: pg.Client, hold: () => Promise<void>) =>
      withRetry(
        async () => {
          await client.query('begin isolation level serializable')
          try {
            const { rows } = await client.query('select sum(balance)::int as total from account')
            await hold()
            await client.query('update account set balance = balance - 10 where id = $1', [
              rows[0].total > 0 ? 1 : 2,
            ])
            await client.query('commit')
          } catch (err) {
            await client.query('rollback')
            throw err
          }
        },
        { backoffMs: 1, onRetry: () => retries++ },
      )
    try {
      // Both read before either writes (a barrier, not a timer), forcing a rw-conflict.
      let arrived = 0
      let release!: () => void
      const bothRead = new Promise<void>((r) => {
        release = r
      })
      const barrier = async () => {
        arrived++
        if (arrived === 2) release()
        if (arrived <= 2) await bothRead
      }
      await Promise.all([withdraw(a, barrier), withdraw(b, barrier)])
    } finally {
      await Promise.all([a.end(), b.end()])
    }
    const { rows } = await db.client.query('select balance from account where id = 1')
    expect(rows[0].balance).toBe(80)
    expect(retries).toBeGreaterThanOrEqual(1)
  })
})

describe('runLoad', () => {
  test('reports throughput, retries and failures by class under contention', async () => {
    await db.client.query('truncate counter; insert into counter values (1, 0)')
    const report = await runLoad({
      url: db.url,
      sessions: 4,
      iterationsPerSession: 15,
      retry: { attempts: 50, backoffMs: 1 },
      operation: async (client) => {
        await client.query('begin isolation level repeatable read')
        const { rows } = await client.query('select n from counter where id = 1')
        await client.query('update counter set n = $1 where id = 1', [rows[0].n + 1])
        await client.query('commit')
      },
    })
    expect(report.kind).toBe('load-report')
    expect(report.operations).toBe(60)
    expect(report.succeeded).toBe(60)
    expect(report.failed).toBe(0)
    expect(report.throughputPerSecond).toBeGreaterThan(0)
    for (const cls of Object.keys(report.retriedByClass)) expect(cls).toBe('serialization-failure')
    const { rows } = await db.client.query('select n from counter where id = 1')
    // No lost update: every successful operation counted once.
    expect(rows[0].n).toBe(60)
  })

  test('without retries, failures are counted by class', async () => {
    const report = await runLoad({
      url: db.url,
      sessions: 2,
      iterationsPerSession: 3,
      operation: async (client, { iteration }) => {
        if (iteration === 1) await client.query('insert into counter values (1, 0)') // duplicate key
      },
    })
    expect(report.operations).toBe(6)
    expect(report.failed).toBe(2)
    expect(report.failuresByClass).toEqual({ 'unique-violation': 2 })
    expect(report.retries).toBe(0)
  })

  test('needs a bound', async () => {
    await expect(runLoad({ url: db.url, sessions: 1, operation: async () => undefined })).rejects.toThrow(
      /needs a bound/,
    )
  })
})
