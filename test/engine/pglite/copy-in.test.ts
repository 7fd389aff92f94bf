/**
 * COPY … FROM STDIN on the pglite engine, with `pg` + pg-copy-streams as the fixture loader,
 * factories and loadVectors use them: the router answers the COPY and runs it in-process.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'
import { createTestbed } from '../../../src/public/index.js'
import { openClients } from '../../support/open-clients.js'
import { query } from '../../support/query.js'
import { tempProject } from '../../support/temp-project.js'

let engine: StartedEngine
let url: string
const clients = openClients()

beforeAll(async () => {
  engine = await startPglite()
  const admin = await connect(engine.url)
  await admin.query('CREATE DATABASE copy_app')
  const u = new URL(engine.url)
  u.pathname = '/copy_app'
  url = u.toString()
  const setup = await connect(url)
  await setup.query('CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, age int)')
}, 120_000)
afterEach(async () => {
  await clients.closeAll()
  await query(url, 'TRUNCATE people')
})
afterAll(() => engine?.close())

const connect = (to = url): Promise<pg.Client> => clients.connect(to)

/** Streams `chunks` through COPY; resolves to the rows copied. */
async function copy(client: pg.Client, statement: string, chunks: string[]): Promise<number> {
  const stream = client.query(copyFrom(statement))
  await pipeline(Readable.from(chunks), stream)
  return Number(stream.rowCount)
}

const people = (c: pg.Client) => c.query('SELECT id, name, age FROM people ORDER BY id').then((r) => r.rows)

it('copies CSV with a header, in several chunks', async () => {
  const c = await connect()
  const rows = await copy(c, 'COPY people (id, name, age) FROM STDIN WITH (FORMAT csv, HEADER true)', [
    'id,name,age\n1,Ada,36\n2,"Hopper, Grace",',
    '85\n3,Linus,\n',
  ])
  expect(rows).toBe(3)
  expect(await people(c)).toEqual([
    { id: 1, name: 'Ada', age: 36 },
    { id: 2, name: 'Hopper, Grace', age: 85 },
    { id: 3, name: 'Linus', age: null },
  ])
  // The connection goes on as usual, and another one sees the rows.
  expect(await query(url, 'SELECT count(*)::int AS n FROM people')).toEqual([{ n: 3 }])
})

it('copies text format (tabs, \\N for NULL, escapes), and an empty COPY', async () => {
  const c = await connect()
  expect(await copy(c, 'COPY people FROM STDIN', ['1\tA\\tB\t\\N\n', '2\té ü\t7\n'])).toBe(2)
  expect(await people(c)).toEqual([
    { id: 1, name: 'A\tB', age: null },
    { id: 2, name: 'é ü', age: 7 },
  ])
  expect(await copy(c, 'COPY people FROM STDIN', [])).toBe(0)
})

it('copies inside a transaction: ROLLBACK leaves nothing, COMMIT keeps the rows', async () => {
  const c = await connect()
  await c.query('BEGIN')
  await copy(c, 'COPY people FROM STDIN', ['1\ta\t1\n'])
  expect(await people(c)).toHaveLength(1)
  await c.query('ROLLBACK')
  expect(await people(c)).toEqual([])
  await c.query('BEGIN')
  await copy(c, 'COPY people FROM STDIN', ['2\tb\t2\n'])
  await c.query('INSERT INTO people VALUES (3, $1, 3)', ['c'])
  await c.query('COMMIT')
  expect(await query(url, 'SELECT id FROM people ORDER BY id')).toEqual([{ id: 2 }, { id: 3 }])
})

it('reports a bad row with its line and column, and the connection stays usable', async () => {
  const c = await connect()
  const err = await copy(c, 'COPY people FROM STDIN WITH (FORMAT csv)', ['1,a,1\n2,b,2\n3,c,old\n']).catch(
    (e: unknown) => e as pg.DatabaseError,
  )
  expect(err).toMatchObject({
    severity: 'ERROR',
    code: '22P02',
    message: 'invalid input syntax for type integer: "old"',
    where: 'COPY people, line 3, column age: "old"',
  })
  expect(await people(c)).toEqual([])
  // In a transaction: the transaction is failed until ROLLBACK, as on PostgreSQL.
  await c.query('BEGIN')
  await expect(copy(c, 'COPY people FROM STDIN', ['1\ta\t1\n1\tb\t2\n'])).rejects.toMatchObject({
    code: '23505',
    constraint: 'people_pkey',
    detail: 'Key (id)=(1) already exists.',
  })
  await expect(c.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' })
  await c.query('ROLLBACK')
  expect(await copy(c, 'COPY people FROM STDIN', ['9\tz\t9\n'])).toBe(1)
  expect(await people(c)).toEqual([{ id: 9, name: 'z', age: 9 }])
})

it('answers a client that gives up the COPY with 57014 and fails its transaction', async () => {
  const c = await connect()
  await c.query('BEGIN')
  const stream = c.query(copyFrom('COPY people FROM STDIN'))
  const failed = new Promise((resolve) => stream.on('error', resolve))
  stream.write('1\ta\t1\n')
  stream.destroy(new Error('source broke')) // pg-copy-streams sends CopyFail
  expect(await failed).toBeInstanceOf(Error)
  await expect(c.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' })
  await c.query('ROLLBACK')
  expect(await people(c)).toEqual([])
})

it('keeps another connection out while one copies in its transaction', async () => {
  const a = await connect()
  const b = await connect()
  await a.query('BEGIN')
  const counted = b.query('SELECT count(*)::int AS n FROM people')
  await copy(a, 'COPY people FROM STDIN', ['1\ta\t1\n'])
  await a.query('COMMIT')
  expect((await counted).rows).toEqual([{ n: 1 }])
})

it('builds a template from migrations and CSV + NDJSON fixtures, and a test database has the rows', async () => {
  const project = tempProject({
    'migrations/001_schema.sql': [
      'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL);',
      'CREATE TABLE bookings (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), minutes int NOT NULL, details jsonb);',
    ].join('\n'),
    'fixtures/current': 'v1.0.0\n',
    'fixtures/versions/v1.0.0/minimal/users.csv':
      'id,email,name\n1,ada@example.com,Ada Lovelace\n2,grace@example.com,Grace Hopper\n3,"linus@example.com","Linus, the Torvalds"\n',
    'fixtures/versions/v1.0.0/minimal/bookings.ndjson': [
      '{"id": 1, "user_id": 1, "minutes": 60, "details": {"purpose": "standup"}}',
      '{"id": 2, "user_id": 3, "minutes": 30, "details": null}',
      '',
    ].join('\n'),
  })
  try {
    const bed = await createTestbed(
      { engine: 'pglite', pool: { size: 1 }, fixtures: { version: 'current', tier: 'minimal' } },
      { cwd: project.dir },
    )
    try {
      const db = await bed.acquire()
      expect(await query(db.url, 'SELECT name FROM users ORDER BY id')).toEqual([
        { name: 'Ada Lovelace' },
        { name: 'Grace Hopper' },
        { name: 'Linus, the Torvalds' },
      ])
      expect(await query(db.url, 'SELECT user_id::int, details FROM bookings ORDER BY id')).toEqual([
        { user_id: 1, details: { purpose: 'standup' } },
        { user_id: 3, details: null },
      ])
      await db.release()
    } finally {
      await bed.close()
    }
  } finally {
    project.remove()
  }
}, 180_000)

it('pipes COPY … TO STDOUT on as before: it works through pglite-socket', async () => {
  const c = await connect()
  await c.query("INSERT INTO people VALUES (1, 'a', 1), (2, 'b, c', NULL)")
  const stream = c.query(copyTo('COPY people TO STDOUT WITH (FORMAT csv)'))
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  expect(Buffer.concat(chunks).toString()).toBe('1,a,1\n2,"b, c",\n')
  expect(await people(c)).toHaveLength(2)
})
