/**
 * One proxied connection: the client's socket, a socket to the target, a link per direction,
 * and the timers of timer-driven faults (a black hole that closes, a reset).
 * @module
 */
import { connect, type Socket } from 'node:net'
import { failure, PgtestbedError } from '../errors.js'
import { keyedStream, type Random } from '../internal/seeded-random.js'
import type { Direction } from './fault.js'
import { type ActiveFault, startLink } from './link.js'

/** What the proxy knows about one live connection (a snapshot). */
export interface ConnectionInfo {
  readonly id: number
  readonly openedAt: Date
  /** Bytes forwarded client → server. */
  readonly bytesUpstream: number
  /** Bytes forwarded server → client. */
  readonly bytesDownstream: number
}

/** How a connection is ended on purpose: `close` sends FIN, `reset` sends RST. */
export type DropMode = 'close' | 'reset'

/** What the proxy hands each connection. */
export interface ConnectionContext {
  readonly id: number
  readonly seed: number
  readonly target: { readonly host: string; readonly port: number }
  /** All faults now added to the proxy, and a number that changes whenever that list does. */
  faults(): { readonly version: number; readonly list: readonly ActiveFault[] }
  signal(): AbortSignal
  isActive(faultId: number): boolean
  received(direction: Direction, bytes: number, connectionId: number): void
  unreachable(error: PgtestbedError, connectionId: number): void
  closed(connection: ProxiedConnection): void
}

/** A live proxied connection. */
export interface ProxiedConnection {
  readonly id: number
  info(): ConnectionInfo
  /** Starts the timers of a fault just added (a reset, a black hole that closes). */
  attach(active: ActiveFault): void
  /** Stops them when the fault is removed. */
  detach(faultId: number): void
  /** Ends the connection on purpose; `reset` sends RST to the sides in `directions`. */
  drop(mode: DropMode, directions?: readonly Direction[]): void
}

/**
 * Connects `client` to the target and starts forwarding through the proxy's faults.
 *
 * @example
 * server.on('connection', (socket) => openConnection(socket, context))
 */
export function openConnection(client: Socket, context: ConnectionContext): ProxiedConnection {
  const openedAt = new Date()
  const server = connect({ host: context.target.host, port: context.target.port })
  client.setNoDelay(true)
  server.setNoDelay(true)
  let bytesUpstream = 0
  let bytesDownstream = 0
  let closed = false
  const timers = new Map<number, NodeJS.Timeout>()
  const applies = new Map<number, boolean>()
  const randoms = new Map<string, Random>()
  let cachedVersion = -1
  let chains: Record<Direction, readonly ActiveFault[]> = { upstream: [], downstream: [] }

  // Toxicity is decided once per fault and connection, from the seed: reruns see the same.
  const isApplied = (active: ActiveFault): boolean => {
    if (active.toxicity >= 1) return true
    if (active.toxicity <= 0) return false
    let yes = applies.get(active.id)
    if (yes === undefined) {
      yes = keyedStream(context.seed, active.id, context.id, 7)() < active.toxicity
      applies.set(active.id, yes)
    }
    return yes
  }
  const chain = (direction: Direction): readonly ActiveFault[] => {
    const { version, list } = context.faults()
    if (version !== cachedVersion) {
      cachedVersion = version
      const applied = list.filter(isApplied)
      chains = {
        upstream: applied.filter((a) => a.directions.includes('upstream')),
        downstream: applied.filter((a) => a.directions.includes('downstream')),
      }
    }
    return chains[direction]
  }
  const random = (direction: Direction) => (faultId: number) => {
    const key = `${direction}:${faultId}`
    let r = randoms.get(key)
    if (r === undefined) {
      r = keyedStream(context.seed, faultId, context.id, direction === 'upstream' ? 1 : 2)
      randoms.set(key, r)
    }
    return r
  }

  const endGracefully = (socket: Socket): void => {
    if (socket.destroyed) return
    // Destroy once our FIN is out; a socket stuck half-open would hold the proxy's close().
    if (socket.writableEnded) socket.destroy()
    else socket.end(() => socket.destroy())
  }
  const reset = (socket: Socket): void => {
    if (socket.destroyed) return
    if (socket.connecting || socket.readyState === 'open' || socket.readyState === 'readOnly') {
      socket.resetAndDestroy()
    } else {
      socket.destroy()
    }
  }

  const connection: ProxiedConnection = {
    id: context.id,
    info: () => Object.freeze({ id: context.id, openedAt, bytesUpstream, bytesDownstream }),
    attach(active) {
      if (closed || !isApplied(active)) return
      const f = active.fault
      if (f.kind === 'reset-peer' && f.afterMs === 0) {
        // At once, not on a timer: a new connection must never get a reply before its reset.
        connection.drop('reset', active.directions)
      } else if (f.kind === 'reset-peer') {
        timers.set(
          active.id,
          setTimeout(() => connection.drop('reset', active.directions), f.afterMs),
        )
      } else if (f.kind === 'timeout' && f.closeAfterMs !== undefined) {
        timers.set(
          active.id,
          setTimeout(() => connection.drop('close'), f.closeAfterMs),
        )
      }
    },
    detach(faultId) {
      clearTimeout(timers.get(faultId))
      timers.delete(faultId)
    },
    drop(mode, directions = ['upstream', 'downstream']) {
      if (mode === 'reset') {
        // Downstream data goes to the client, so a downstream reset is the client's RST.
        if (directions.includes('downstream')) reset(client)
        else endGracefully(client)
        if (directions.includes('upstream')) reset(server)
        else endGracefully(server)
      } else {
        endGracefully(client)
        endGracefully(server)
      }
    },
  }

  const upstream = startLink({
    direction: 'upstream',
    from: client,
    to: server,
    faults: () => chain('upstream'),
    random: random('upstream'),
    signal: context.signal,
    isActive: context.isActive,
    received: (n) => context.received('upstream', n, context.id),
    forwarded: (n) => {
      bytesUpstream += n
    },
    closeConnection: () => connection.drop('close'),
  })
  const downstream = startLink({
    direction: 'downstream',
    from: server,
    to: client,
    faults: () => chain('downstream'),
    random: random('downstream'),
    signal: context.signal,
    isActive: context.isActive,
    received: (n) => context.received('downstream', n, context.id),
    forwarded: (n) => {
      bytesDownstream += n
    },
    closeConnection: () => connection.drop('close'),
  })

  let serverConnected = false
  server.once('connect', () => {
    serverConnected = true
  })
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (!serverConnected) {
      const error = new PgtestbedError(
        'PGT_UNREACHABLE',
        failure(
          `connect to the proxy target ${context.target.host}:${context.target.port}`,
          err.message,
          'Check that PostgreSQL is running there, or fix the target',
        ),
        { cause: err },
      )
      context.unreachable(error, context.id)
      // Tell a PostgreSQL client why, in its own protocol, then close without a reset.
      if (!client.destroyed) client.write(errorResponse('08001', error.message))
      endGracefully(client)
      return
    }
    // The server reset us: pass the reset on so the client sees what it would without a proxy.
    if (err.code === 'ECONNRESET') reset(client)
  })
  client.on('error', () => {
    // The client went away (reset or broken pipe); the server side is ended on close.
  })
  server.on('close', () => {
    void downstream.flushed().then(() => endGracefully(client))
  })
  client.on('close', () => {
    void upstream.flushed().then(() => endGracefully(server))
    if (closed) return
    closed = true
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    context.closed(connection)
  })
  // A client that stops reading after its peer is gone must not hold the proxy open forever.
  client.on('end', () => {
    if (server.destroyed) endGracefully(client)
  })

  return connection
}

/** A PostgreSQL ErrorResponse message (severity FATAL), for clients told why they failed. */
export function errorResponse(sqlstate: string, message: string): Buffer {
  const fields = Buffer.concat([
    field('S', 'FATAL'),
    field('V', 'FATAL'),
    field('C', sqlstate),
    field('M', message),
    Buffer.from([0]),
  ])
  const header = Buffer.alloc(5)
  header.write('E', 0, 'latin1')
  header.writeInt32BE(fields.length + 4, 1)
  return Buffer.concat([header, fields])
}

function field(code: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(code, 'latin1'), Buffer.from(value, 'utf8'), Buffer.from([0])])
}
