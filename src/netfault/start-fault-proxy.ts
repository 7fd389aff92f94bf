/**
 * The TCP fault proxy: listens on loopback, forwards every connection to the target (a
 * PostgreSQL server), and applies faults added and removed while connections are open.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net'
import { ConfigError, failure, messageOf, type PgtestbedError } from '../errors.js'
import { type ConnectionInfo, type DropMode, openConnection, type ProxiedConnection } from './connection.js'
import { checkRange, type Direction, type DirectionOption, FAULT_LIMITS, type Fault } from './fault.js'
import type { ActiveFault } from './link.js'
import { parseTarget, proxyUrl } from './target.js'

/** Options of `startFaultProxy`. */
export interface FaultProxyOptions {
  /** The server to forward to: a `postgresql://` URL (e.g. `db.url`) or `host:port`. */
  readonly target: string
  /** Port to listen on; default 0 (a free port). */
  readonly listen?: number
  /** Address to listen on; default `127.0.0.1`. */
  readonly host?: string
  /** Seed for jitter, slice sizes and toxicity; default 1. The same seed repeats the same faults. */
  readonly seed?: number
  /** Called on connection events and on a target that cannot be reached (the CLI logs these). */
  readonly onEvent?: (event: ProxyEvent) => void
}

/** What the proxy reports through `onEvent`. */
export type ProxyEvent =
  | { readonly kind: 'connection-opened'; readonly connectionId: number }
  | { readonly kind: 'connection-closed'; readonly connection: ConnectionInfo }
  | { readonly kind: 'target-unreachable'; readonly connectionId: number; readonly error: PgtestbedError }

/** Options of `proxy.add`. */
export interface AddFaultOptions {
  /** Which way the fault acts; default `downstream` (server → client), as in toxiproxy. */
  readonly direction?: DirectionOption
  /** Probability (0–1) that a connection is affected, decided per connection from the seed; default 1. */
  readonly toxicity?: number
  /** A name to find or remove it by; default `<kind>_<direction>`. */
  readonly name?: string
}

/** A fault added to a proxy; `remove()` takes it away (live connections see that at once). */
export interface FaultHandle {
  readonly id: number
  readonly name: string
  readonly fault: Fault
  readonly direction: DirectionOption
  readonly toxicity: number
  remove(): void
}

/** Options of `proxy.down()`. */
export interface DownOptions {
  /** How live connections end: `close` (FIN, default) or `reset` (RST). */
  readonly live?: DropMode
  /** What new connections get: `refuse` (the port stops listening, default) or `reset` (accepted, then RST). */
  readonly newConnections?: 'refuse' | 'reset'
}

/** Totals since the proxy started. */
export interface ProxyStats {
  readonly accepted: number
  readonly open: number
  readonly bytesUpstream: number
  readonly bytesDownstream: number
}

/** A running fault proxy. */
export interface FaultProxy extends AsyncDisposable {
  /** The target URL rewritten to go through the proxy (user, database and parameters kept). */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The target as `host:port`. */
  readonly target: string
  /** `up`, `down` (after `down()`), or `closed`. */
  readonly state: 'up' | 'down' | 'closed'
  /** Live connections, a snapshot. */
  readonly connections: readonly ConnectionInfo[]
  /** Faults now added, in the order they act. */
  readonly faults: readonly FaultHandle[]
  readonly stats: ProxyStats
  /** Adds a fault; it acts on live connections at once and on every new one. */
  add(fault: Fault, options?: AddFaultOptions): FaultHandle
  /** Removes a fault by handle or name; false when there was none. */
  remove(fault: FaultHandle | string): boolean
  /** Removes every fault. */
  clear(): void
  /** Ends every live connection (FIN or RST) without going down. */
  dropConnections(options?: { readonly how?: DropMode }): void
  /** Ends live connections and refuses (or resets) new ones until `up()`. */
  down(options?: DownOptions): Promise<void>
  /** Accepts connections again on the same port. */
  up(): Promise<void>
  /** Resolves with the next chunk that arrives in `direction` (default either), before faults. */
  nextData(options?: {
    readonly direction?: Direction
  }): Promise<{ readonly direction: Direction; readonly connectionId: number; readonly bytes: number }>
  /** Stops listening and ends every connection. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Starts a fault proxy in front of `target` and resolves once it listens.
 *
 * @example
 * await using proxy = await startFaultProxy({ target: db.url })
 * const client = new pg.Client({ connectionString: proxy.url })
 * proxy.add(fault.latency({ ms: 50, jitter: 10 }), { direction: 'downstream' })
 * await proxy.down() // the app sees its connections drop and new ones refused
 * await proxy.up()
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = parseTarget(options.target)
  const host = options.host ?? '127.0.0.1'
  const seed = options.seed ?? 1
  const listenPort = checkRange('proxy', 'listen', options.listen ?? 0, { min: 0, max: 65535, integer: true })
  const emit = options.onEvent ?? (() => undefined)

  let state: FaultProxy['state'] = 'up'
  let newConnections: 'accept' | 'reset' = 'accept'
  let nextConnectionId = 1
  let nextFaultId = 1
  let version = 0
  let active: ActiveFault[] = []
  let handles: FaultHandle[] = []
  let removal = new AbortController()
  const live = new Map<number, ProxiedConnection>()
  const totals = { accepted: 0, bytesUpstream: 0, bytesDownstream: 0 }
  const dataWaiters: { direction: Direction | undefined; resolve: (v: DataSeen) => void }[] = []
  const sockets = new Set<Socket>()

  const onConnection = (socket: Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    if (state !== 'up' || newConnections === 'reset') {
      socket.on('error', () => undefined)
      socket.resetAndDestroy()
      return
    }
    totals.accepted++
    const connection = openConnection(socket, {
      id: nextConnectionId++,
      seed,
      target,
      faults: () => ({ version, list: active }),
      signal: () => removal.signal,
      isActive: (faultId) => active.some((a) => a.id === faultId),
      received(direction, bytes, connectionId) {
        if (dataWaiters.length === 0) return
        for (let i = dataWaiters.length - 1; i >= 0; i--) {
          const waiter = dataWaiters[i]!
          if (waiter.direction !== undefined && waiter.direction !== direction) continue
          dataWaiters.splice(i, 1)
          waiter.resolve(Object.freeze({ direction, connectionId, bytes }))
        }
      },
      unreachable: (error, connectionId) => emit({ kind: 'target-unreachable', connectionId, error }),
      closed(c) {
        live.delete(c.id)
        const info = c.info()
        totals.bytesUpstream += info.bytesUpstream
        totals.bytesDownstream += info.bytesDownstream
        emit({ kind: 'connection-closed', connection: info })
      },
    })
    live.set(connection.id, connection)
    for (const a of active) connection.attach(a)
    emit({ kind: 'connection-opened', connectionId: connection.id })
  }

  let server = await listen(onConnection, host, listenPort)
  const port = (server.address() as { port: number }).port
  const url = proxyUrl(target, host, port)

  const removeActive = (id: number): boolean => {
    const before = active.length
    active = active.filter((a) => a.id !== id)
    handles = handles.filter((h) => h.id !== id)
    if (active.length === before) return false
    version++
    for (const c of live.values()) c.detach(id)
    // Chunks waiting inside the removed fault go on now; later ones get a fresh signal.
    removal.abort()
    removal = new AbortController()
    return true
  }
  const dropAll = (how: DropMode): void => {
    for (const c of [...live.values()]) c.drop(how)
  }

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      state = 'closed'
      for (const h of [...handles]) removeActive(h.id)
      dropAll('close')
      const stopped = closeServer(server)
      // Sockets that do not finish closing politely are destroyed; the proxy must not hang.
      for (const s of sockets) s.destroy()
      await stopped
      for (const w of dataWaiters.splice(0))
        w.resolve(Object.freeze({ direction: 'upstream', connectionId: 0, bytes: 0 }))
    })()
    return closing
  }

  const proxy: FaultProxy = {
    url,
    host,
    port,
    target: `${target.host}:${target.port}`,
    get state() {
      return state
    },
    get connections() {
      return Object.freeze([...live.values()].map((c) => c.info()))
    },
    get faults() {
      return Object.freeze([...handles])
    },
    get stats() {
      let up = totals.bytesUpstream
      let down = totals.bytesDownstream
      for (const c of live.values()) {
        const info = c.info()
        up += info.bytesUpstream
        down += info.bytesDownstream
      }
      return Object.freeze({
        accepted: totals.accepted,
        open: live.size,
        bytesUpstream: up,
        bytesDownstream: down,
      })
    },
    add(f, addOptions = {}) {
      const direction = addOptions.direction ?? 'downstream'
      if (!['upstream', 'downstream', 'both'].includes(direction)) {
        throw new ConfigError(
          'PGT_FAULT_INVALID',
          failure(
            `add the ${f.kind} fault`,
            `direction must be upstream, downstream or both, got ${JSON.stringify(direction)}`,
            'Pass one of those',
          ),
        )
      }
      const toxicity = checkRange(f.kind, 'toxicity', addOptions.toxicity ?? 1, FAULT_LIMITS.toxicity)
      const id = nextFaultId++
      const name = addOptions.name ?? `${f.kind}_${direction}`
      const entry: ActiveFault = Object.freeze({
        id,
        name,
        fault: f,
        directions: direction === 'both' ? (['upstream', 'downstream'] as const) : [direction],
        toxicity,
      })
      const handle: FaultHandle = Object.freeze({
        id,
        name,
        fault: f,
        direction,
        toxicity,
        remove: () => void removeActive(id),
      })
      active = [...active, entry]
      handles = [...handles, handle]
      version++
      for (const c of live.values()) c.attach(entry)
      return handle
    },
    remove(which) {
      const found = typeof which === 'string' ? handles.find((h) => h.name === which) : which
      return found === undefined ? false : removeActive(found.id)
    },
    clear() {
      for (const h of [...handles]) removeActive(h.id)
    },
    dropConnections(dropOptions = {}) {
      dropAll(dropOptions.how ?? 'close')
    },
    async down(downOptions = {}) {
      if (state !== 'up') return
      state = 'down'
      newConnections = downOptions.newConnections === 'reset' ? 'reset' : 'accept'
      dropAll(downOptions.live ?? 'close')
      // Stop listening now (new connections are refused); dropped sockets finish on their own.
      if (newConnections === 'accept') void closeServer(server)
    },
    async up() {
      if (state !== 'down') return
      if (!server.listening) server = await listen(onConnection, host, port)
      newConnections = 'accept'
      state = 'up'
    },
    nextData(waitOptions = {}) {
      return new Promise((resolve) => dataWaiters.push({ direction: waitOptions.direction, resolve }))
    },
    close,
    [Symbol.asyncDispose]: close,
  }
  return proxy
}

type DataSeen = { readonly direction: Direction; readonly connectionId: number; readonly bytes: number }

function listen(onConnection: (socket: Socket) => void, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ allowHalfOpen: true, noDelay: true }, onConnection)
    server.once('error', (err: NodeJS.ErrnoException) => {
      const inUse = err.code === 'EADDRINUSE'
      reject(
        new ConfigError(
          inUse ? 'PGT_PORT_IN_USE' : 'PGT_CONFIG_INVALID',
          failure(
            `listen on ${host}:${port} for the fault proxy`,
            inUse ? `port ${port} is in use` : messageOf(err),
            inUse ? 'Pick another port, or pass 0 (the default) for a free one' : 'Check the listen address',
          ),
          { cause: err },
        ),
      )
    })
    server.listen(port, host, () => {
      // Later accept errors (e.g. EMFILE) must not crash the process; the connection just fails.
      server.on('error', () => undefined)
      resolve(server)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve()
      return
    }
    server.close(() => resolve())
  })
}
