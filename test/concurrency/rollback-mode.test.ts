import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type RollbackMode, startRollbackMode } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let db: ScratchDatabase
let mode: RollbackMode
beforeAll(async () => {
  db = await scratchDatabase()
  await db.client.query('create table users (id serial primary key, email text unique not null)')
  mode = await startRollbackMode({ url: db.url })
})
afterAll(async () => {
  await mode.close()
  await mode.close() // safe twice
  await db.drop()
})

const count = async () => (await db.client.query('select count(*)::int as n from users')).rows[0].n

/** App code as it would be written against pg: its own transaction. */
async function signup(client: { query: typeof mode.client.query }, email: string): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('insert into users (email) values ($1)', [email])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  }
}

describe('rollback mode', () => {
  test("the app's COMMIT becomes a savepoint release: visible inside the test, gone after rollback", async () => {
    await mode.begin()
    await signup(mode.client, 'a@example.com')
    const inside = await mode.client.query('select email from users')
    expect(inside.rows).toEqual([{ email: 'a@example.com' }])
    // Another connection never sees it: nothing really committed.
    expect(await count()).toBe(0)
    await mode.rollback()
    expect(await count()).toBe(0)
  })

  test("the app's ROLLBACK undoes only its own transaction", async () => {
    await mode.begin()
    await signup(mode.client, 'a@example.com')
    await expect(signup(mode.client, 'a@example.com')).rejects.toMatchObject({ code: '23505' })
    const { rows } = await mode.client.query('select count(*)::int as n from users')
    expect(rows[0]!.n).toBe(1)
    await mode.rollback()
  })

  test('COMMIT of a failed app transaction reports ROLLBACK, like PostgreSQL', async () => {
    await mode.begin()
    await mode.client.query('begin')
    await expect(mode.client.query('select 1/0')).rejects.toMatchObject({ code: '22012' })
    await expect(mode.client.query('select 1')).rejects.toMatchObject({ code: '25P02' })
    const commit = await mode.client.query('commit')
    expect(commit.command).toBe('ROLLBACK')
    const after = await mode.client.query('select 1 as one')
    expect(after.rows).toEqual([{ one: 1 }])
    await mode.rollback()
  })

  test('a failing statement outside an app transaction does not poison the test (statementErrors: recover)', async () => {
    await mode.begin()
    await mode.client.query("insert into users (email) values ('b@example.com')")
    await expect(
      mode.client.query("insert into users (email) values ('b@example.com')"),
    ).rejects.toMatchObject({
      code: '23505',
    })
    const { rows } = await mode.client.query('select email from users')
    expect(rows).toEqual([{ email: 'b@example.com' }])
    await mode.rollback()
  })

  test('pool-shaped code: connect() and release() work on the same connection', async () => {
    await mode.begin()
    const client = await mode.client.connect()
    await signup(client, 'c@example.com')
    client.release()
    const { rows } = await mode.client.query('select email from users')
    expect(rows).toEqual([{ email: 'c@example.com' }])
    await mode.rollback()
  })

  test('an isolation level is refused by default, ignored on request', async () => {
    await mode.begin()
    await expect(mode.client.query('BEGIN ISOLATION LEVEL SERIALIZABLE')).rejects.toThrow(
      /cannot have its own isolation level.*isolated database per test/,
    )
    await mode.rollback()
    const lax = await startRollbackMode({ url: db.url, transactionModes: 'ignore' })
    try {
      await lax.begin()
      expect((await lax.client.query('begin isolation level serializable')).command).toBe('BEGIN')
      // The level is NOT applied: the outer transaction's level wins.
      const level = await lax.client.query('show transaction_isolation')
      expect(level.rows[0]!.transaction_isolation).toBe('read committed')
      await lax.client.query('commit')
      await lax.rollback()
    } finally {
      await lax.close()
    }
  })

  test('what it cannot cover: sequences advance for good, and other connections see nothing', async () => {
    await mode.begin()
    await signup(mode.client, 'd@example.com')
    const other = new pg.Client({ connectionString: db.url })
    await other.connect()
    try {
      expect((await other.query('select count(*)::int as n from users')).rows[0].n).toBe(0)
    } finally {
      await other.end()
    }
    await mode.rollback()
    // The id sequence is not rolled back.
    const { rows } = await db.client.query(
      "select last_value from pg_sequences where sequencename = 'users_id_seq'",
    )
    expect(Number(rows[0].last_value)).toBeGreaterThan(0)
  })

  test('a query outside begin()/rollback() is refused with a fix', async () => {
    await expect(mode.client.query('select 1')).rejects.toThrow(/Call mode.begin\(\) in beforeEach/)
  })
})
