import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy } from '../../src/netfault/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import { caught, connectWatched, endQuietly } from './support.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

describe('startFaultProxy without faults', () => {
  it('forwards pg traffic, keeps user and database in the URL, and counts bytes', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const target = new URL(db.url)
    const via = new URL(proxy.url)
    expect(via.port).toBe(String(proxy.port))
    expect(via.pathname).toBe(target.pathname)
    expect(via.username).toBe(target.username)
    expect(proxy.target).toBe(`${target.hostname}:${target.port}`)

    const { client } = await connectWatched(proxy.url)
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db')
    expect(rows[0]?.db).toBe(db.name)
    expect(proxy.connections).toHaveLength(1)
    const before = proxy.stats
    await client.query('SELECT repeat($1, 10000) AS big', ['x'])
    const after = proxy.stats
    expect(after.bytesDownstream - before.bytesDownstream).toBeGreaterThan(10000)
    expect(after.bytesUpstream).toBeGreaterThan(before.bytesUpstream)
    await client.end()
    await expect.poll(() => proxy.connections.length).toBe(0)
    expect(proxy.stats.accepted).toBe(1)
  })

  it('accepts a bare host:port target', async () => {
    const target = new URL(db.url)
    await using proxy = await startFaultProxy({ target: `${target.hostname}:${target.port}` })
    const via = new URL(proxy.url)
    via.username = target.username
    via.password = target.password
    via.pathname = target.pathname
    const { client } = await connectWatched(via.toString())
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await client.end()
  })

  it('passes large results and pipelined queries through intact and in order', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    // Pipeline mode puts all 20 queries on the wire at once: any reordering would corrupt them.
    const { client } = await connectWatched(proxy.url, { pipeline: true })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.query<{ i: number; m: string }>('SELECT $1::int AS i, md5(repeat($1::text, 5000)) AS m', [i]),
      ),
    )
    const direct = await db.client.query<{ m: string }>("SELECT md5(repeat('7', 5000)) AS m")
    expect(results.map((r) => r.rows[0]?.i)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(results[7]?.rows[0]?.m).toBe(direct.rows[0]?.m)
    await client.end()
  })

  it('close() ends live connections and is safe to call twice', async () => {
    const proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    await proxy.close()
    await proxy.close()
    expect(proxy.state).toBe('closed')
    const err = await caught(() => client.query('SELECT 1'))
    expect(err.message).toMatch(/Connection terminated unexpectedly|not queryable/)
    expect(errors.map((e) => e.message)).toContain('Connection terminated unexpectedly')
    await endQuietly(client)
    const refused = await caught(() => new pg.Client({ connectionString: proxy.url }).connect())
    expect(refused.code).toBe('ECONNREFUSED')
  })
})
