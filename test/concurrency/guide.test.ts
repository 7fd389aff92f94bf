// The examples of docs/concurrency.md, run as tests so the guide stays true.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { interleave, runLoad, withRetry } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import './support.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

async function transfer(client: pg.Client, from: number, to: number, amount: number): Promise<void> {
  return withRetry(
    async () => {
      await client.query('begin isolation level serializable')
      try {
        const { rows } = await client.query('select balance from account where id = $1', [from])
        if (rows[0].balance < amount) throw new Error('insufficient funds')
        await client.query('update account set balance = balance - $2 where id = $1', [from, amount])
        await client.query('update account set balance = balance + $2 where id = $1', [to, amount])
        await client.query('commit')
      } catch (err) {
        await client.query('rollback')
        throw err
      }
    },
    { attempts: 50 },
  )
}

describe('guide: retry on serialization failure', () => {
  test('two concurrent transfers from one account conflict at serializable', async () => {
    const report = await interleave({
      url: db.url,
      setup: [
        'drop table if exists account',
        'create table account (id int primary key, balance int)',
        'insert into account values (1, 100), (2, 0)',
      ],
      steps: [
        { session: 'A', sql: 'begin isolation level serializable; select balance from account where id = 1' },
        { session: 'B', sql: 'begin isolation level serializable; select balance from account where id = 1' },
        { session: 'A', sql: 'update account set balance = balance - 80 where id = 1' },
        { session: 'B', sql: 'update account set balance = balance - 80 where id = 1' },
        { session: 'A', sql: 'commit' },
        { session: 'B', sql: 'commit' },
      ],
      final: 'select balance from account where id = 1',
    })
    expect(report.step(3)).toBeBlocked()
    expect(report.step(3)).toBeUnblockedBy(4)
    expect(report.step(3)).toFailWith('40001')
    expect(report.step(5)).not.toCommit()
    expect(report.final).toEqual([[20]])
  })

  test('transfers hold up under contention', async () => {
    await db.client.query('truncate account; insert into account values (1, 100), (2, 0)')
    const report = await runLoad({
      url: db.url,
      sessions: 4,
      iterationsPerSession: 10,
      operation: (client) => transfer(client, 1, 2, 1),
    })
    expect(report.failed).toBe(0)
    const { rows } = await db.client.query(
      'select sum(balance)::int as total, min(balance)::int as low from account',
    )
    expect(rows[0]).toEqual({ total: 100, low: 40 })
  })
})

describe('guide: double booking', () => {
  const race = (constraint: string, level: string) =>
    interleave({
      url: db.url,
      setup: ['drop table if exists bookings', `create table bookings (room int, night date${constraint})`],
      steps: [
        { session: 'A', sql: `begin isolation level ${level}` },
        { session: 'B', sql: `begin isolation level ${level}` },
        { session: 'A', sql: "select count(*)::int from bookings where room = 1 and night = '2026-12-24'" },
        { session: 'B', sql: "select count(*)::int from bookings where room = 1 and night = '2026-12-24'" },
        { session: 'A', sql: "insert into bookings values (1, '2026-12-24')" },
        { session: 'B', sql: "insert into bookings values (1, '2026-12-24')" },
        { session: 'A', sql: 'commit' },
        { session: 'B', sql: 'commit' },
      ],
      final: 'select count(*)::int from bookings',
    })

  test('read committed books the room twice; serializable aborts B at commit', async () => {
    expect((await race('', 'read committed')).final).toEqual([[2]])
    const ser = await race('', 'serializable')
    expect(ser.final).toEqual([[1]])
    expect(ser.step(7)).toFailWith('40001')
  })

  test('with unique (room, night), B blocks on A and fails when A commits', async () => {
    const rc = await race(', unique (room, night)', 'read committed')
    expect(rc.step(5)).toBeBlocked()
    expect(rc.step(5)).toBeUnblockedBy(6)
    expect(rc.step(5)).toFailWith('unique-violation')
    expect(rc.final).toEqual([[1]])
    const ser = await race(', unique (room, night)', 'serializable')
    expect(ser.step(5)).toBeBlocked()
    expect(ser.step(5)).toBeUnblockedBy(6)
    // At serializable, PostgreSQL reports the conflict as 40001: B had read that the key was absent.
    expect(ser.step(5)).toFailWith('40001')
  })
})
