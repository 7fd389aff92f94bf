/**
 * The front door of the pglite engine: a TCP server on 127.0.0.1 that speaks just enough of
 * the protocol to pick a database. It declines TLS, reads the startup message, asks for the
 * password (the engine's random secret, only in its URL: another OS user cannot connect), then
 * relays the connection's messages to that database's instance, replaying the startup message
 * there, through the instance's transaction guard (one connection at a time uses PGlite's
 * session; see transaction-guard.ts).
 * @module
 */
import { timingSafeEqual } from 'node:crypto'
import { connect, createServer, type Socket } from 'node:net'
import { relayAdmin } from './admin-relay.js'
import { CopyIn } from './copy-in.js'
import type { DatabaseChange } from './database-changes.js'
import { ADMIN_DATABASE, type Instances, RouteRefusal } from './instances.js'
import { STARTUP } from './transaction-guard.js'
import {
  CANCEL_REQUEST,
  cleartextPasswordRequest,
  cString,
  errorResponse,
  GSSENC_REQUEST,
  MessageReader,
  PROTOCOL_3,
  SSL_REQUEST,
  startupParameters,
  takePacket,
} from './wire.js'

/** A listening router. */
export interface Router {
  readonly port: number
  close(): Promise<void>
}

/**
 * Starts the router in front of `instances`; connections must give `secret` as password.
 *
 * @example
 * const router = await startRouter(instances, secret)
 */
export async function startRouter(instances: Instances, secret: string): Promise<Router> {
  const open = new Set<Socket>()
  const follow = (change: DatabaseChange): Promise<void> => instances.apply(change)
  const server = createServer((client) => {
    open.add(client)
    client.on('close', () => open.delete(client))
    client.on('error', () => client.destroy())
    handshake(client, instances, secret, follow)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function handshake(
  client: Socket,
  instances: Instances,
  secret: string,
  follow: (change: DatabaseChange) => Promise<void>,
): void {
  let buffer: Buffer = Buffer.alloc(0)
  let startup: Buffer | undefined
  const reader = new MessageReader()
  const refuse = (sqlstate: string, text: string): void => {
    client.end(errorResponse(sqlstate, text))
  }
  const onData = (chunk: Buffer): void => {
    if (startup !== undefined) {
      // Waiting for the password message.
      const [password, ...rest] = reader.push(chunk)
      if (password === undefined) return
      client.off('data', onData)
      client.pause()
      if (password.type !== 'p' || !sameSecret(cString(password.body), secret)) {
        const user = startupParameters(startup).get('user') ?? ''
        refuse('28P01', `password authentication failed for user "${user}"`)
        return
      }
      const leftover = Buffer.concat(rest.map((m) => m.raw))
      route(client, startup, leftover, instances, follow).catch((err: unknown) => {
        if (err instanceof RouteRefusal) refuse(err.sqlstate, err.message)
        else refuse('XX000', `pgtestbed pglite engine: ${String(err)}`)
      })
      return
    }
    buffer = Buffer.concat([buffer, chunk])
    let taken: ReturnType<typeof takePacket>
    try {
      taken = takePacket(buffer)
    } catch (err) {
      client.destroy(err as Error)
      return
    }
    if (taken === undefined) return
    buffer = taken.rest
    const code = taken.packet.readInt32BE(4)
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      client.write('N') // no TLS: the router only listens on loopback
      if (buffer.length > 0) onData(Buffer.alloc(0))
    } else if (code === CANCEL_REQUEST) {
      client.end() // not supported: PGlite runs one statement at a time anyway
    } else if (code !== PROTOCOL_3) {
      refuse(
        '08P01',
        `unsupported frontend protocol ${code >> 16}.${code & 0xffff}: the pglite engine speaks 3.0`,
      )
    } else {
      startup = taken.packet
      client.write(cleartextPasswordRequest())
      if (buffer.length > 0) onData(buffer)
    }
  }
  client.on('data', onData)
}

async function route(
  client: Socket,
  startup: Buffer,
  leftover: Buffer,
  instances: Instances,
  follow: (change: DatabaseChange) => Promise<void>,
): Promise<void> {
  const params = startupParameters(startup)
  const database = params.get('database') || params.get('user') || ADMIN_DATABASE
  const refusal = await instances.refusal(database)
  if (refusal !== undefined) throw refusal
  const backend = await instances.open(database)
  const socket = connect(backend.path)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  if (client.destroyed) {
    socket.destroy() // the client left while its database was being started
    return
  }
  backend.sockets.add(client)
  backend.dump = undefined // someone may write: the next clone dumps it again
  const relay = database === ADMIN_DATABASE ? relayAdmin(client, follow) : undefined
  // COPY … FROM STDIN runs in-process (pglite-socket cannot): see copy-in.ts.
  const copy = new CopyIn({
    toServer(messages) {
      // Backpressure: a client streaming data waits for the instance to take it.
      if (!socket.write(Buffer.concat(messages.map((m) => m.raw)))) {
        client.pause()
        socket.once('drain', () => client.resume())
      }
    },
    toClient(messages) {
      if (relay !== undefined) relay.received(messages)
      else client.write(Buffer.concat(messages.map((m) => m.raw)))
      guarded.fromServer(messages)
    },
    run: async (statement, data) => (await backend.db.query(statement, [], { blob: data })).affectedRows ?? 0,
    inTransaction: () => backend.db.isInTransaction(),
    abort: async () => {
      await backend.db
        .exec("DO $$ BEGIN RAISE EXCEPTION 'COPY from stdin failed' USING ERRCODE = '57014'; END $$")
        .catch(() => undefined)
    },
  })
  const guarded = backend.guard.join({
    database,
    forward(messages) {
      relay?.sent(messages)
      copy.forward(messages)
    },
    reply: (bytes) => client.write(bytes),
    close: (bytes) => client.end(bytes),
  })
  const finish = (): void => {
    guarded.leave()
    backend.sockets.delete(client)
    backend.dump = undefined
    client.destroy()
    socket.destroy()
  }
  client.on('close', finish)
  socket.on('close', finish)
  socket.on('error', finish)
  const incoming = new MessageReader()
  const outgoing = new MessageReader()
  socket.on('data', (chunk: Buffer) => {
    const messages = outgoing.push(chunk)
    guarded.fromServer(messages)
    if (relay !== undefined) relay.received(messages)
    else if (!client.write(chunk)) {
      socket.pause()
      client.once('drain', () => socket.resume())
    }
    copy.received(messages) // after the client has them: a waiting COPY answers next
  })
  client.on('data', (chunk: Buffer) => guarded.fromClient(incoming.push(chunk)))
  // The startup packet waits its turn like a query: the session may be in another's transaction.
  guarded.fromClient([{ type: STARTUP, body: startup, raw: startup }, ...incoming.push(leftover)])
  client.resume()
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}
