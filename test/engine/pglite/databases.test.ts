/**
 * The instances follow the admin catalogue: CREATE DATABASE gives a database of its own, a
 * TEMPLATE copy sees the template's rows, RENAME keeps the data, DROP closes its connections,
 * and connections are refused the way PostgreSQL refuses them.
 */
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { databaseUrl, type StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'
import { query } from '../../support/query.js'

let engine: StartedEngine
let admin: pg.Client
beforeAll(async () => {
  engine = await startPglite()
  admin = new pg.Client({ connectionString: engine.url })
  await admin.connect()
}, 120_000)
afterAll(async () => {
  await admin?.end()
  await engine?.close()
})

const url = (name: string): string => databaseUrl(engine.url, name)

it('creates databases of their own; a template copy sees its rows and diverges', async () => {
  await admin.query('CREATE DATABASE tpl')
  await query(url('tpl'), "CREATE TABLE t (x text); INSERT INTO t VALUES ('from-template')")
  expect(await query(url('tpl'), 'SELECT current_database() AS d')).toEqual([{ d: 'tpl' }])
  // A failed statement (already exists) leaves the router in step for the next ones.
  await expect(admin.query('CREATE DATABASE tpl')).rejects.toMatchObject({ code: '42P04' })
  await expect(admin.query('CREATE DATABASE bad TEMPLATE nowhere')).rejects.toMatchObject({ code: '3D000' })
  await admin.query('CREATE DATABASE copy1 TEMPLATE tpl STRATEGY FILE_COPY')
  await admin.query('CREATE DATABASE copy2 TEMPLATE tpl')
  await query(url('copy1'), "INSERT INTO t VALUES ('only-in-copy1')")
  expect(await query(url('copy1'), 'SELECT x FROM t ORDER BY x')).toEqual([
    { x: 'from-template' },
    { x: 'only-in-copy1' },
  ])
  expect(await query(url('copy2'), 'SELECT x FROM t')).toEqual([{ x: 'from-template' }])
  expect(await query(url('tpl'), 'SELECT x FROM t')).toEqual([{ x: 'from-template' }])
  // The known difference: a copy keeps its template's name inside.
  expect(await query(url('copy2'), 'SELECT current_database() AS d')).toEqual([{ d: 'tpl' }])
}, 120_000)

it('keeps the data across a rename and closes connections on DROP', async () => {
  await admin.query('CREATE DATABASE before_rename TEMPLATE tpl')
  await admin.query('ALTER DATABASE before_rename RENAME TO after_rename')
  expect(await query(url('after_rename'), 'SELECT x FROM t')).toEqual([{ x: 'from-template' }])
  const client = new pg.Client({ connectionString: url('after_rename') })
  client.on('error', () => undefined)
  await client.connect()
  await admin.query('DROP DATABASE after_rename WITH (FORCE)')
  await expect(client.query('SELECT 1')).rejects.toThrow()
  await expect(query(url('after_rename'), 'SELECT 1')).rejects.toThrow(
    'database "after_rename" does not exist',
  )
}, 120_000)

it('refuses a database that does not exist, or does not allow connections', async () => {
  await expect(query(url('nowhere'), 'SELECT 1')).rejects.toMatchObject({ code: '3D000' })
  await admin.query('ALTER DATABASE tpl WITH ALLOW_CONNECTIONS false')
  await expect(query(url('tpl'), 'SELECT 1')).rejects.toMatchObject({ code: '55000' })
})

it('queues a pool of connections to one database instead of refusing them', async () => {
  const pool = new pg.Pool({ connectionString: url('copy2'), max: 4 })
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => pool.query<{ v: number }>('SELECT $1::int AS v', [i])),
  )
  expect(results.map((r) => r.rows[0]?.v)).toEqual(Array.from({ length: 40 }, (_, i) => i))
  await pool.end()
})
