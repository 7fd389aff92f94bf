/**
 * PGlite runs one session per database: while one connection holds a transaction, another
 * connection's queries wait. If the holder idles in its transaction (a test holds a transaction
 * and queries through another pool client), the wait would never end; the router's guard fails
 * the waiting query after IDLE_LIMIT_MS with SQLSTATE 55P03 and a message that says why.
 */
import pg from 'pg'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'
import { IDLE_LIMIT_MS } from '../../../src/engine/pglite/transaction-guard.js'
import { openClients } from '../../support/open-clients.js'

let engine: StartedEngine
let url: string
const clients = openClients()
const open = clients.open

beforeAll(async () => {
  engine = await startPglite()
  const admin = await connect(engine.url)
  await admin.query('CREATE DATABASE hang_app')
  await admin.end()
  const u = new URL(engine.url)
  u.pathname = '/hang_app'
  url = u.toString()
  const setup = await connect(url)
  await setup.query('CREATE TABLE t (n int)')
  await setup.end()
}, 120_000)
afterEach(async () => {
  await clients.closeAll()
  const c = await connect(url)
  await c.query('TRUNCATE t')
  await c.end()
})
afterAll(() => engine?.close())

const connect = (to = url): Promise<pg.Client> => clients.connect(to)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const message =
  /^pgtestbed pglite engine: gave up waiting for the session of database "hang_app": another connection to it has been idle in a transaction for \d+\.\d s, and PGlite runs one session at a time, so no other connection can run until that one finishes\. Commit or roll back that transaction before querying on another connection, or run these queries on one client, or use the embedded engine \(engine: "embedded", or PGTESTBED_ENGINE=embedded\), where connections are independent\.$/

it('lets a waiting query run once the holder commits in time, and it sees the commit', async () => {
  const a = await connect()
  const b = await connect()
  await a.query('BEGIN')
  await a.query('INSERT INTO t VALUES (1)')
  const waiting = b.query('SELECT count(*)::int AS n FROM t')
  await sleep(IDLE_LIMIT_MS / 2)
  await a.query('COMMIT')
  expect((await waiting).rows).toEqual([{ n: 1 }])
})

it('fails a query waiting on a connection idle in its transaction with 55P03, and the client stays usable', async () => {
  const a = await connect()
  const b = await connect()
  await a.query('BEGIN')
  await a.query('INSERT INTO t VALUES (1)')
  const started = Date.now()
  const error = await b.query('SELECT count(*)::int AS n FROM t').catch((e: unknown) => e)
  const waited = Date.now() - started
  expect(error).toMatchObject({ code: '55P03', severity: 'ERROR' })
  expect((error as Error).message).toMatch(message)
  expect(waited).toBeGreaterThanOrEqual(IDLE_LIMIT_MS - 50)
  expect(waited).toBeLessThan(IDLE_LIMIT_MS + 1_500)
  await a.query('COMMIT')
  expect((await b.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }])
  expect((await a.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
})

it('does the same for the extended protocol (a parameterized query), skipping to its Sync', async () => {
  const a = await connect()
  const b = await connect()
  await a.query('BEGIN')
  await a.query('INSERT INTO t VALUES ($1)', [1])
  const error = await b.query('SELECT count(*)::int + $1 AS n FROM t', [10]).catch((e: unknown) => e)
  expect(error).toMatchObject({ code: '55P03' })
  expect((error as Error).message).toMatch(message)
  await a.query('ROLLBACK')
  expect((await b.query('SELECT count(*)::int + $1 AS n FROM t', [10])).rows).toEqual([{ n: 10 }])
  expect((await b.query({ name: 'named', text: 'SELECT $1::int AS n', values: [7] })).rows).toEqual([
    { n: 7 },
  ])
})

it('lets the waiter in when the holder’s connection closes mid-transaction (its work rolled back)', async () => {
  const a = await connect()
  const b = await connect()
  await a.query('BEGIN')
  await a.query('INSERT INTO t VALUES (1)')
  const waiting = b.query('SELECT count(*)::int AS n FROM t')
  await sleep(200)
  await a.end()
  expect((await waiting).rows).toEqual([{ n: 0 }])
})

it('fails a new connection of a pool that waits on the idle transaction, with the same message', async () => {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  open.push(pool)
  const held = await pool.connect()
  await held.query('BEGIN')
  await held.query('INSERT INTO t VALUES (1)')
  // The classic mistake: a test holds a transaction on one client and queries through the pool.
  const error = await pool.query('SELECT count(*)::int AS n FROM t').catch((e: unknown) => e)
  expect(error).toMatchObject({ code: '55P03' })
  expect((error as Error).message).toMatch(message)
  await held.query('COMMIT')
  held.release()
  expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }])
})

it('guards the admin database too', async () => {
  const a = await connect(engine.url)
  const b = await connect(engine.url)
  await a.query('BEGIN')
  const error = await b.query('SELECT 1').catch((e: unknown) => e)
  expect((error as Error).message).toMatch(
    /^pgtestbed pglite engine: gave up waiting for the session of database "postgres"/,
  )
  await a.query('COMMIT')
  expect((await b.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
})
