/**
 * A PostgreSQL with pgvector for the vector tests: PGlite with its `vector` extension behind
 * pglite-socket on loopback, reached with `pg` through a URL like any server. PGlite serves one
 * connection at a time: use one client at a time. (To be replaced by the pglite engine.)
 * With PGTESTBED_VECTOR_BIN_DIR set to PostgreSQL binaries that have pgvector installed, the same
 * tests run on an embedded cluster of those instead (no Debian package or npm package ships
 * pgvector for native binaries, so CI runs them on PGlite).
 */
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { startEmbedded } from '../../src/engine/index.js'

/** A started PGlite + pgvector server. */
export interface VectorServer {
  readonly url: string
  /** PGlite (the default), or native binaries (PGTESTBED_VECTOR_BIN_DIR): COPY, summation order. */
  readonly pglite: boolean
  /** A connected client (close it, or let close() do it). */
  connect(): Promise<pg.Client>
  close(): Promise<void>
}

/**
 * Starts PGlite with pgvector on a free loopback port.
 *
 * @example
 * const server = await startVectorServer()
 * const client = await server.connect()
 */
export async function startVectorServer(): Promise<VectorServer> {
  const native = process.env['PGTESTBED_VECTOR_BIN_DIR']
  if (native !== undefined && native !== '') return nativeVectorServer(native)
  const db = await PGlite.create({ extensions: { vector } })
  const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 })
  await socket.start()
  const url = `postgresql://postgres@${socket.getServerConn()}/postgres`
  const clients: pg.Client[] = []
  let closed = false
  return {
    url,
    pglite: true,
    async connect() {
      const client = new pg.Client({ connectionString: url })
      client.on('error', () => undefined)
      await client.connect()
      clients.push(client)
      return client
    },
    async close() {
      if (closed) return
      closed = true
      for (const c of clients) await c.end().catch(() => undefined)
      await socket.stop()
      await db.close()
    },
  }
}

/** An embedded cluster of `binDir`, which has pgvector installed (`CREATE EXTENSION vector` is the tests' to run, as on PGlite). */
async function nativeVectorServer(binDir: string): Promise<VectorServer> {
  const engine = await startEmbedded({ binDir })
  const clients: pg.Client[] = []
  const connect = async () => {
    const client = new pg.Client({ connectionString: engine.url })
    client.on('error', () => undefined)
    await client.connect()
    clients.push(client)
    return client
  }
  return {
    url: engine.url,
    pglite: false,
    connect,
    async close() {
      for (const c of clients) await c.end().catch(() => undefined)
      await engine.close()
    },
  }
}
