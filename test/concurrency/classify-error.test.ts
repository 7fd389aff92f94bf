import { createServer } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classifyError } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
  await db.client.query(`
    create table parent (id int primary key);
    create table child (
      id int primary key,
      parent_id int references parent (id),
      email text unique,
      qty int check (qty > 0),
      name text not null default 'x'
    );
    insert into parent values (1);
    insert into child (id, parent_id, email, qty) values (1, 1, 'a@example.com', 1);
  `)
})
afterAll(async () => {
  await db.drop()
})

async function errorOf(sql: string, client: pg.Client = db.client): Promise<unknown> {
  try {
    await client.query(sql)
  } catch (err) {
    return err
  }
  throw new Error(`expected ${sql} to fail`)
}

describe('classifyError from real server errors', () => {
  test('integrity violations carry constraint, table and column', async () => {
    const unique = classifyError(
      await errorOf("insert into child (id, email, qty) values (2, 'a@example.com', 1)"),
    )
    expect(unique).toMatchObject({
      kind: 'classified-error',
      class: 'unique-violation',
      sqlstate: '23505',
      constraint: 'child_email_key',
      table: 'child',
      retryable: false,
    })
    expect(
      classifyError(await errorOf('insert into child (id, parent_id, qty) values (3, 99, 1)')),
    ).toMatchObject({
      class: 'foreign-key-violation',
      sqlstate: '23503',
      constraint: 'child_parent_id_fkey',
    })
    expect(classifyError(await errorOf('insert into child (id, qty) values (4, 0)'))).toMatchObject({
      class: 'check-violation',
      sqlstate: '23514',
      constraint: 'child_qty_check',
    })
    expect(
      classifyError(await errorOf('insert into child (id, qty, name) values (5, 1, null)')),
    ).toMatchObject({
      class: 'not-null-violation',
      sqlstate: '23502',
      table: 'child',
      column: 'name',
    })
  })

  test('syntax, undefined objects, bad input and permissions', async () => {
    expect(classifyError(await errorOf('selec 1')).class).toBe('syntax')
    expect(classifyError(await errorOf('select * from missing_table'))).toMatchObject({
      class: 'undefined-object',
      sqlstate: '42P01',
    })
    expect(classifyError(await errorOf("select 'x'::int")).class).toBe('invalid-input')
    await db.client.query(`create role pgt_classify_reader login password '${ROLE_PASSWORD}'`)
    try {
      const reader = new pg.Client({ connectionString: withUser(db.url, 'pgt_classify_reader') })
      await reader.connect()
      try {
        expect(classifyError(await errorOf('select * from child', reader))).toMatchObject({
          class: 'permission-denied',
          sqlstate: '42501',
        })
      } finally {
        await reader.end()
      }
    } finally {
      await db.client.query('drop role pgt_classify_reader')
    }
  })

  test('timeouts and cancellation', async () => {
    expect(
      classifyError(await errorOf("set local statement_timeout = '1ms'; select pg_sleep(1)")),
    ).toMatchObject({
      class: 'statement-timeout',
      sqlstate: '57014',
      retryable: false,
    })
    const holder = new pg.Client({ connectionString: db.url })
    await holder.connect()
    try {
      await holder.query('begin; select * from parent where id = 1 for update')
      expect(
        classifyError(await errorOf('begin; select * from parent where id = 1 for update nowait')),
      ).toMatchObject({ class: 'lock-timeout', sqlstate: '55P03' })
      await db.client.query('rollback')
      expect(
        classifyError(
          await errorOf(
            "begin; set local lock_timeout = '10ms'; select * from parent where id = 1 for update",
          ),
        ),
      ).toMatchObject({ class: 'lock-timeout', sqlstate: '55P03' })
      await db.client.query('rollback')
      const canceled = classifyError({ code: '57014', message: 'canceling statement due to user request' })
      expect(canceled.class).toBe('query-canceled')
    } finally {
      await holder.end()
    }
  })

  test('25P02 after an error in a transaction', async () => {
    await db.client.query('begin')
    await errorOf('select 1/0')
    expect(classifyError(await errorOf('select 1')).class).toBe('in-failed-transaction')
    await db.client.query('rollback')
  })

  test('too many connections for a role (53300, at connect)', async () => {
    await db.client.query(`create role pgt_classify_one login connection limit 0 password '${ROLE_PASSWORD}'`)
    try {
      const c = new pg.Client({ connectionString: withUser(db.url, 'pgt_classify_one') })
      const err = await c.connect().then(
        () => undefined,
        (e: unknown) => e,
      )
      await c.end().catch(() => undefined)
      expect(classifyError(err)).toMatchObject({ class: 'too-many-connections', sqlstate: '53300' })
    } finally {
      await db.client.query('drop role pgt_classify_one')
    }
  })

  test('a terminated session: 57P01, then "Connection terminated"-style errors without SQLSTATE', async () => {
    const victim = new pg.Client({ connectionString: db.url })
    victim.on('error', () => undefined)
    await victim.connect()
    const pid = (await victim.query('select pg_backend_pid() as pid')).rows[0].pid
    const pending = victim.query('select pg_sleep(30)').then(
      () => undefined,
      (e: unknown) => e,
    )
    for (let i = 0; i < 100; i++) {
      const { rows } = await db.client.query(
        "select 1 from pg_stat_activity where pid = $1 and state = 'active'",
        [pid],
      )
      if (rows.length > 0) break
      await new Promise((r) => setTimeout(r, 10))
    }
    await db.client.query('select pg_terminate_backend($1)', [pid])
    const first = classifyError(await pending)
    expect(first.class).toBe('admin-shutdown')
    expect(first.sqlstate).toBe('57P01')
    const next = classifyError(await errorOf('select 1', victim))
    expect(next).toMatchObject({ class: 'connection', sqlstate: null, retryable: false })
    await victim.end().catch(() => undefined)
  })

  test('a refused connection: ECONNREFUSED without SQLSTATE', async () => {
    const port = await closedPort()
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'x', database: 'x' })
    const err = await c.connect().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(classifyError(err)).toMatchObject({
      class: 'connection',
      sqlstate: null,
      nodeCode: 'ECONNREFUSED',
    })
  })
})

describe('classifyError from driver-shaped values', () => {
  test.each([
    [{ code: '40001', message: 'could not serialize access' }, 'serialization-failure', true],
    [{ code: '40P01', message: 'deadlock detected' }, 'deadlock', true],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'connection', false],
    [new Error('Connection terminated unexpectedly'), 'connection', false],
    [
      { code: '23P01', message: 'conflicting key value violates exclusion constraint' },
      'exclusion-violation',
      false,
    ],
    [{ code: '23000', message: 'integrity' }, 'constraint-violation', false],
    [{ code: '08006', message: 'connection failure' }, 'connection', false],
    [{ code: '3D000', message: 'database "x" does not exist' }, 'database-missing', false],
    [new Error('something else'), 'unknown', false],
    ['a string', 'unknown', false],
  ])('%j → %s', (err, cls, retryable) => {
    const c = classifyError(err)
    expect(c.class).toBe(cls)
    expect(c.retryable).toBe(retryable)
  })
})

/** The test cluster asks every role for a password (it admits only its owner). */
const ROLE_PASSWORD = 'pgt-classify-pw'

function withUser(url: string, user: string): string {
  const u = new URL(url)
  u.username = user
  u.password = ROLE_PASSWORD
  return u.toString()
}

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  return port
}
