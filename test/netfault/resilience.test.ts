import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedEmbedded, startEmbedded } from '../../src/engine/index.js'
import {
  classifyNetworkError,
  observeNetworkDrop,
  observePoolExhaustion,
  observeServerRestart,
  observeStatementTimeout,
  startFaultProxy,
} from '../../src/netfault/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

describe('observeNetworkDrop', () => {
  it('a reset mid-query: ECONNRESET, then the client is dead', async () => {
    const seen = await observeNetworkDrop({ target: db.url, drop: 'reset' })
    expect(seen.outcome).toBe('failed')
    expect(seen.error).toMatchObject({ kind: 'connection-reset', nodeCode: 'ECONNRESET', retryable: true })
    expect(seen.clientErrors.map((e) => e.kind)).toEqual(['connection-reset', 'connection-lost'])
  })

  it('a close mid-query: "Connection terminated unexpectedly"', async () => {
    const seen = await observeNetworkDrop({ target: db.url, drop: 'close' })
    expect(seen.error).toMatchObject({
      kind: 'connection-lost',
      message: 'Connection terminated unexpectedly',
    })
    expect(seen.clientErrors.map((e) => e.kind)).toEqual(['connection-lost'])
  })

  it('a black hole: the query hangs unless the client has its own timeout', async () => {
    const hung = await observeNetworkDrop({ target: db.url, drop: 'black-hole', waitMs: 300 })
    expect(hung.outcome).toBe('hung')
    expect(hung.error).toBeUndefined()
    const timed = await observeNetworkDrop({
      target: db.url,
      drop: 'black-hole',
      client: { query_timeout: 100 },
    })
    expect(timed.error).toMatchObject({ kind: 'query-timeout', message: 'Query read timeout' })
  })
})

describe('observeStatementTimeout', () => {
  it('SQLSTATE 57014, and the connection stays usable (also through the proxy)', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const seen = await observeStatementTimeout({ url: proxy.url, timeoutMs: 50 })
    expect(seen.outcome).toBe('failed')
    expect(seen.error).toMatchObject({
      kind: 'statement-timeout',
      sqlstate: '57014',
      message: 'canceling statement due to statement timeout',
      connectionUsable: true,
    })
    expect(seen.connectionUsableAfter).toBe(true)
  })
})

describe('observePoolExhaustion', () => {
  it('with connectionTimeoutMillis: a pool-timeout error, then a release serves the next waiter', async () => {
    // The two connections that fill the pool must each open within the timeout: on a loaded
    // machine, a password handshake (the cluster admits only its owner) can take over 50 ms.
    const seen = await observePoolExhaustion({ url: db.url, max: 2, connectionTimeoutMillis: 300 })
    expect(seen).toMatchObject({
      max: 2,
      outcome: 'failed',
      waitingWhileExhausted: 1,
      servedAfterRelease: true,
    })
    expect(seen.error).toMatchObject({
      kind: 'pool-timeout',
      message: 'timeout exceeded when trying to connect',
    })
  })

  it("with pg's default (no connectionTimeoutMillis) the request waits forever", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 })
    try {
      const seen = await observePoolExhaustion({ pool, waitMs: 200 })
      expect(seen.outcome).toBe('hung')
      expect(seen.servedAfterRelease).toBe(true)
    } finally {
      await pool.end()
    }
  })
})

describe('observeServerRestart', () => {
  it('a real restart on the same port: the busy query and the idle client fail, the pool and new clients recover', async () => {
    let cluster: StartedEmbedded = await startEmbedded({})
    const port = cluster.port
    const password = new URL(cluster.url).password
    try {
      const seen = await observeServerRestart({
        url: cluster.url,
        restart: async () => {
          await cluster.close()
          // The same port and password: to its clients, the same server.
          cluster = await startEmbedded({ port, password })
        },
      })
      expect(seen.busyQuery.outcome).toBe('failed')
      expect(seen.busyQuery.error?.retryable).toBe(true)
      expect(['server-shutdown', 'connection-lost']).toContain(seen.busyQuery.error?.kind)
      expect(seen.idleClientErrors.length).toBeGreaterThan(0)
      expect(seen.idleClientNextQuery).toMatchObject({
        kind: 'connection-lost',
        message: 'Client has encountered a connection error and is not queryable',
      })
      expect(seen.poolRecovered).toBe(true)
      expect(seen.freshClientConnected).toBe(true)
      // The embedded engine stops with an immediate shutdown: the server warns before it cuts.
      for (const notice of seen.serverNotices) expect(notice.sqlstate).toBe('57P01')
    } finally {
      await cluster.close()
    }
  })

  it('simulated by the proxy going down and up', async () => {
    await using proxy = await startFaultProxy({ target: db.url })
    const seen = await observeServerRestart({
      url: proxy.url,
      restart: async () => {
        await proxy.down()
        await proxy.up()
      },
    })
    expect(seen.busyQuery.error?.kind).toBe('connection-lost')
    expect(seen.idleClientErrors.map((e) => e.kind)).toEqual(['connection-lost'])
    expect(seen.poolRecovered).toBe(true)
    expect(seen.freshClientConnected).toBe(true)
  })
})

describe('classifyNetworkError', () => {
  it('classifies by node code, SQLSTATE and pg message', () => {
    const withCode = (message: string, code?: string) => Object.assign(new Error(message), { code })
    expect(classifyNetworkError(withCode('read ECONNRESET', 'ECONNRESET')).kind).toBe('connection-reset')
    expect(classifyNetworkError(withCode('connect ECONNREFUSED', 'ECONNREFUSED')).kind).toBe(
      'connection-refused',
    )
    expect(
      classifyNetworkError(withCode('terminating connection due to administrator command', '57P01')).kind,
    ).toBe('server-shutdown')
    expect(classifyNetworkError(withCode('canceling statement due to user request', '57014')).kind).toBe(
      'query-canceled',
    )
    expect(classifyNetworkError(withCode('relation "x" does not exist', '42P01'))).toMatchObject({
      kind: 'server-error',
      sqlstate: '42P01',
      retryable: false,
    })
    const wrapped = new Error('Connection terminated due to connection timeout', {
      cause: new Error('Connection terminated unexpectedly'),
    })
    expect(classifyNetworkError(wrapped).kind).toBe('connect-timeout')
    expect(classifyNetworkError('weird').kind).toBe('unknown')
  })
})
