/**
 * A PostgreSQL with pgvector for the vector tests: PGlite with its `vector` extension behind
 * pglite-socket on loopback, reached with `pg` through a URL like any server. PGlite serves one
 * connection at a time: use one client at a time. (To be replaced by the pglite engine.)
 */
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'

/** A started PGlite + pgvector server. */
export interface VectorServer {
  readonly url: string
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
  const db = await PGlite.create({ extensions: { vector } })
  const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 })
  await socket.start()
  const url = `postgresql://postgres@${socket.getServerConn()}/postgres`
  const clients: pg.Client[] = []
  let closed = false
  return {
    url,
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
