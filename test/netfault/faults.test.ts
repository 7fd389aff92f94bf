import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fault, startFaultProxy } from '../../src/netfault/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import { caught, connectWatched, endQuietly } from './support.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

/** Milliseconds `fn` took (used only for lower bounds, which cannot flake). */
async function took(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

describe('latency', () => {
  it('delays each round trip by at least the injected delay, per direction', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client } = await connectWatched(proxy.url)
    proxy.add(fault.latency({ ms: 40 }), { direction: 'downstream' })
    expect(await took(() => client.query('SELECT 1'))).toBeGreaterThanOrEqual(40)
    proxy.add(fault.latency({ ms: 30 }), { direction: 'upstream' })
    expect(await took(() => client.query('SELECT 1'))).toBeGreaterThanOrEqual(70)
    proxy.clear()
    expect(proxy.faults).toEqual([])
    await client.end()
  })

  it('keeps byte order under jitter on a pipelined connection', async () => {
    await using proxy = await startFaultProxy({ target: db.url, seed: 42 })
    proxy.add(fault.latency({ ms: 5, jitter: 5 }), { direction: 'both' })
    proxy.add(fault.slicer({ averageSize: 64, sizeVariation: 32 }), { direction: 'both' })
    const { client } = await connectWatched(proxy.url, { pipeline: true })
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.query<{ i: number }>('SELECT $1::int AS i', [i])),
    )
    expect(results.map((r) => r.rows[0]?.i)).toEqual(Array.from({ length: 30 }, (_, i) => i))
    await client.end()
  })

  it('passes a result larger than its buffer limit intact (backpressure through the fault path)', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    proxy.add(fault.latency({ ms: 0 }), { direction: 'both' })
    const { client } = await connectWatched(proxy.url)
    const { rows } = await client.query<{ big: string }>("SELECT repeat('0123456789', 300000) AS big")
    expect(rows[0]?.big.length).toBe(3_000_000)
    expect(rows[0]?.big.slice(-10)).toBe('0123456789')
    await client.end()
  })

  it('releases data waiting in a fault the moment the fault is removed', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client } = await connectWatched(proxy.url)
    const handle = proxy.add(fault.latency({ ms: 3_600_000 }))
    const query = client.query('SELECT 42 AS answer')
    await proxy.nextData({ direction: 'downstream' })
    handle.remove()
    expect((await query).rows).toEqual([{ answer: 42 }])
    await client.end()
  })
})

describe('bandwidth', () => {
  it('takes at least bytes / rate for a large result, and the result is intact', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client } = await connectWatched(proxy.url)
    const rate = 100_000
    proxy.add(fault.bandwidth({ bytesPerSecond: rate }))
    const before = proxy.stats.bytesDownstream
    let length = 0
    const ms = await took(async () => {
      const { rows } = await client.query<{ big: string }>("SELECT repeat('ab', 15000) AS big")
      length = rows[0]?.big.length ?? 0
    })
    const bytes = proxy.stats.bytesDownstream - before
    expect(length).toBe(30_000)
    expect(bytes).toBeGreaterThan(30_000)
    expect(ms).toBeGreaterThanOrEqual((bytes / rate) * 1000 - 1)
    await client.end()
  })
})

describe('slicer', () => {
  it('cuts traffic into small pieces in both directions without changing a byte', async () => {
    await using proxy = await startFaultProxy({ target: db.url, seed: 7 })
    proxy.add(fault.slicer({ averageSize: 16, sizeVariation: 8, delayMs: 0 }), { direction: 'both' })
    const { client } = await connectWatched(proxy.url)
    const text = 'héllo wörld '.repeat(400)
    const { rows } = await client.query<{ echoed: string; m: string }>(
      'SELECT $1::text AS echoed, md5($1) AS m',
      [text],
    )
    const direct = await db.client.query<{ m: string }>('SELECT md5($1) AS m', [text])
    expect(rows[0]?.echoed).toBe(text)
    expect(rows[0]?.m).toBe(direct.rows[0]?.m)
    await client.end()
  })
})

describe('timeout (black hole)', () => {
  it('makes a query hang until the client gives up (query_timeout)', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client } = await connectWatched(proxy.url, { query_timeout: 150 })
    proxy.add(fault.timeout(), { direction: 'both' })
    const err = await caught(() => client.query('SELECT 1'))
    expect(err.message).toBe('Query read timeout')
    expect(proxy.connections).toHaveLength(1)
    await endQuietly(client)
  })

  it('holds data like a partition: removing the fault delivers it in order', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client } = await connectWatched(proxy.url, { pipeline: true })
    const partition = proxy.add(fault.timeout(), { direction: 'both' })
    const queries = [1, 2, 3].map((i) => client.query<{ i: number }>('SELECT $1::int AS i', [i]))
    await proxy.nextData({ direction: 'upstream' })
    const downBefore = proxy.stats.bytesDownstream
    partition.remove()
    const results = await Promise.all(queries)
    expect(results.map((r) => r.rows[0]?.i)).toEqual([1, 2, 3])
    expect(proxy.stats.bytesDownstream).toBeGreaterThan(downBefore)
    await client.end()
  })

  it("drops data with data: 'drop' (toxiproxy's timeout): the answer never comes", async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client } = await connectWatched(proxy.url, { query_timeout: 300 })
    const hole = proxy.add(fault.timeout({ data: 'drop' }), { direction: 'upstream' })
    const query = client.query('SELECT 1')
    await proxy.nextData({ direction: 'upstream' })
    hole.remove()
    expect((await caught(() => query)).message).toBe('Query read timeout')
    await endQuietly(client)
  })

  it('closes the connection after closeAfterMs', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    proxy.add(fault.timeout({ closeAfterMs: 50 }))
    const err = await caught(() => client.query('SELECT 1'))
    expect(err.message).toBe('Connection terminated unexpectedly')
    expect(errors.map((e) => e.message)).toEqual(['Connection terminated unexpectedly'])
    await endQuietly(client)
  })
})

describe('reset peer', () => {
  it('sends a real RST to the client mid-query (ECONNRESET)', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    const query = client.query('SELECT pg_sleep(30)')
    await proxy.nextData({ direction: 'upstream' })
    proxy.add(fault.resetPeer())
    const err = await caught(() => query)
    expect(err.code).toBe('ECONNRESET')
    expect(errors[0]?.message).toMatch(/ECONNRESET/)
    await endQuietly(client)
  })

  it('resets new connections while it is active, and not after removal', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const handle = proxy.add(fault.resetPeer({ afterMs: 0 }))
    const err = await caught(() => new pg.Client({ connectionString: proxy.url }).connect())
    expect(err.code).toBe('ECONNRESET')
    handle.remove()
    const { client } = await connectWatched(proxy.url)
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await client.end()
  })
})

describe('limit data', () => {
  it('closes the connection after exactly N bytes in that direction', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    proxy.add(fault.limitData({ bytes: 50 }), { direction: 'downstream' })
    const client = new pg.Client({ connectionString: proxy.url })
    const err = await caught(() => client.connect())
    expect(err.message).toBe('Connection terminated unexpectedly')
    await expect.poll(() => proxy.connections.length).toBe(0)
    expect(proxy.stats.bytesDownstream).toBe(50)
  })
})

describe('toxicity', () => {
  it('picks the same affected connections for the same seed', async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      await using proxy = await startFaultProxy({ target: db.url, seed })
      proxy.add(fault.resetPeer(), { toxicity: 0.5 })
      const seen: string[] = []
      for (let i = 0; i < 8; i++) {
        const client = new pg.Client({ connectionString: proxy.url })
        client.on('error', () => undefined)
        seen.push(
          await client.connect().then(
            () => 'ok',
            (e: { code?: string }) => e.code ?? 'error',
          ),
        )
        await endQuietly(client)
      }
      return seen
    }
    const first = await outcomes(3)
    expect(await outcomes(3)).toEqual(first)
    expect(new Set(first)).toEqual(new Set(['ok', 'ECONNRESET']))
  })
})

describe('down and up', () => {
  it('drops live connections, refuses new ones, and recovers on the same URL', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    await proxy.down()
    expect(proxy.state).toBe('down')
    await expect.poll(() => errors.length).toBe(1)
    expect(errors[0]?.message).toBe('Connection terminated unexpectedly')
    const refused = await caught(() => new pg.Client({ connectionString: proxy.url }).connect())
    expect(refused.code).toBe('ECONNREFUSED')
    await proxy.up()
    const again = await connectWatched(proxy.url)
    expect((await again.client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await again.client.end()
    await endQuietly(client)
  })

  it('can reset instead: live and new connections get RST', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    await proxy.down({ live: 'reset', newConnections: 'reset' })
    // pg reports a reset twice: the socket error, then "Connection terminated unexpectedly".
    await expect.poll(() => errors.length).toBe(2)
    expect((errors[0] as { code?: string }).code).toBe('ECONNRESET')
    expect(errors[1]?.message).toBe('Connection terminated unexpectedly')
    const reset = await caught(() => new pg.Client({ connectionString: proxy.url }).connect())
    expect(reset.code).toBe('ECONNRESET')
    await proxy.up()
    const again = await connectWatched(proxy.url)
    await again.client.end()
    await endQuietly(client)
  })
})

describe('upstream direction', () => {
  it('limit data upstream: the server gets exactly N bytes, then the connection closes', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    const sentBefore = proxy.stats.bytesUpstream
    // Counted from when the fault meets the connection, as in toxiproxy.
    proxy.add(fault.limitData({ bytes: 10 }), { direction: 'upstream' })
    const err = await caught(() => client.query('SELECT 1 AS one, 2 AS two'))
    expect(err.message).toBe('Connection terminated unexpectedly')
    expect(errors.map((e) => e.message)).toEqual(['Connection terminated unexpectedly'])
    await expect.poll(() => proxy.connections.length).toBe(0)
    expect(proxy.stats.bytesUpstream).toBe(sentBefore + 10)
    await endQuietly(client)
  })

  it('reset peer upstream: the server side is reset, the client sees its connection end', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const { client, errors } = await connectWatched(proxy.url)
    proxy.add(fault.resetPeer(), { direction: 'upstream' })
    await expect.poll(() => errors.length).toBe(1)
    expect(errors[0]?.message).toBe('Connection terminated unexpectedly')
    await endQuietly(client)
  })
})
