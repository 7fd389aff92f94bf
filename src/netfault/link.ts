/**
 * One direction of one proxied connection: reads chunks from one socket, passes each through
 * the faults active for this direction (in the order they were added), and writes the result to
 * the other socket. Chunks are handled one at a time, so bytes never overtake each other.
 * With no fault active the chunk is written straight through (the fast path the overhead
 * benchmark measures).
 * @module
 */
import type { Socket } from 'node:net'
import type { Random } from '../internal/seeded-random.js'
import type { Direction, Fault } from './fault.js'

/** A fault as added to the proxy: the model plus the options it was added with. */
export interface ActiveFault {
  readonly id: number
  readonly name: string
  readonly fault: Fault
  readonly directions: readonly Direction[]
  readonly toxicity: number
}

/** What a link needs from its connection. */
export interface LinkHooks {
  readonly direction: Direction
  readonly from: Socket
  readonly to: Socket
  /** The faults that apply to this link now (direction and toxicity already decided). */
  faults(): readonly ActiveFault[]
  /** The seeded random stream of one fault on this link. */
  random(faultId: number): Random
  /** Aborted when faults are removed, so chunks waiting in a removed fault go on at once. */
  signal(): AbortSignal
  /** Whether a fault is still added to the proxy. */
  isActive(faultId: number): boolean
  /** Called with each chunk as it arrives from `from`, before any fault. */
  received(bytes: number): void
  /** Called with each piece written to `to`. */
  forwarded(bytes: number): void
  /** Closes the whole connection (limit-data reached). */
  closeConnection(): void
}

/** A running link; `flushed()` resolves when everything read has been written or dropped. */
export interface Link {
  flushed(): Promise<void>
}

interface Pending {
  readonly data: Buffer
  readonly at: number
}

/** Past this many queued bytes the source is paused, so a slow fault cannot grow memory. */
const HIGH_WATER = 1 << 20

/**
 * Starts moving data from `hooks.from` to `hooks.to`.
 *
 * @example
 * startLink({ direction: 'upstream', from: client, to: server, faults: () => [], … })
 */
export function startLink(hooks: LinkHooks): Link {
  const { from, to } = hooks
  const queue: Pending[] = []
  const state = new Map<number, { nextFree: number; sent: number }>()
  let queuedBytes = 0
  let pumping = false
  let ended = false
  let waitingForDrain = false
  let waiters: (() => void)[] = []

  const idle = (): boolean => !pumping && queue.length === 0
  const settle = (): void => {
    if (!idle()) return
    if (ended && !to.destroyed && !to.writableEnded) to.end()
    for (const wake of waiters) wake()
    waiters = []
  }

  // Fast path: nothing to do but write; backpressure pauses the source until `to` drains.
  const writeDirect = (data: Buffer): void => {
    if (to.destroyed || to.writableEnded) return
    hooks.forwarded(data.length)
    if (!to.write(data) && !waitingForDrain) {
      waitingForDrain = true
      from.pause()
      to.once('drain', () => {
        waitingForDrain = false
        from.resume()
      })
    }
  }

  const writeAndWait = async (data: Buffer): Promise<void> => {
    if (to.destroyed || to.writableEnded || data.length === 0) return
    hooks.forwarded(data.length)
    if (!to.write(data)) await onceDrained(to)
  }

  const stage = async (
    chain: readonly ActiveFault[],
    index: number,
    data: Buffer,
    at: number,
  ): Promise<void> => {
    const active = chain[index]
    if (active === undefined) return writeAndWait(data)
    const next = (piece: Buffer, pieceAt = at): Promise<void> => stage(chain, index + 1, piece, pieceAt)
    const f = active.fault
    const signal = hooks.signal()
    switch (f.kind) {
      case 'latency': {
        const jitter = f.jitter === 0 ? 0 : (hooks.random(active.id)() * 2 - 1) * f.jitter
        await sleepUntil(at + Math.max(0, f.ms + jitter), signal)
        return next(data)
      }
      case 'bandwidth': {
        // Pieces of ~50 ms worth keep the rate smooth; each waits for its share of time first.
        const pieceSize = Math.max(1, Math.floor(f.bytesPerSecond / 20))
        const s = stateOf(state, active.id)
        for (let offset = 0; offset < data.length; offset += pieceSize) {
          const piece = data.subarray(offset, offset + pieceSize)
          s.nextFree = Math.max(performance.now(), s.nextFree) + (piece.length * 1000) / f.bytesPerSecond
          await sleepUntil(s.nextFree, signal)
          await next(piece, performance.now())
        }
        return
      }
      case 'slicer': {
        const random = hooks.random(active.id)
        for (let offset = 0; offset < data.length; ) {
          const variation = Math.round((random() * 2 - 1) * f.sizeVariation)
          const size = Math.max(1, f.averageSize + variation)
          const piece = data.subarray(offset, offset + size)
          offset += size
          await next(piece, performance.now())
          if (offset < data.length && f.delayMs > 0) await sleepUntil(performance.now() + f.delayMs, signal)
        }
        return
      }
      case 'limit-data': {
        const s = stateOf(state, active.id)
        const room = f.bytes - s.sent
        if (data.length < room) {
          s.sent += data.length
          return next(data)
        }
        s.sent = f.bytes
        if (room > 0) await next(data.subarray(0, room))
        hooks.closeConnection()
        return
      }
      case 'timeout': {
        // The close timer (if any) is the connection's; here the data is dropped or held.
        if (f.data === 'drop') return
        while (hooks.isActive(active.id) && !to.destroyed) await untilAborted(hooks.signal(), to)
        return next(data)
      }
      case 'reset-peer':
        // Timer-driven (see the connection); data passes until the reset.
        return next(data)
    }
  }

  const pump = async (): Promise<void> => {
    pumping = true
    try {
      while (queue.length > 0) {
        const item = queue.shift()!
        queuedBytes -= item.data.length
        if (queuedBytes < HIGH_WATER && from.isPaused() && !waitingForDrain) from.resume()
        if (to.destroyed) continue
        await stage(hooks.faults(), 0, item.data, item.at)
      }
    } finally {
      pumping = false
      settle()
    }
  }

  from.on('data', (data: Buffer) => {
    hooks.received(data.length)
    if (idle() && hooks.faults().length === 0) {
      writeDirect(data)
      return
    }
    queue.push({ data, at: performance.now() })
    queuedBytes += data.length
    if (queuedBytes >= HIGH_WATER) from.pause()
    // A fault that throws must not become an unhandled rejection: it ends this connection.
    if (!pumping) pump().catch(() => from.destroy())
  })
  from.on('end', () => {
    ended = true
    settle()
  })
  from.on('close', () => {
    // Nothing more will arrive; let waiters go even if `end` never came (an error or reset).
    ended = true
    settle()
  })

  return {
    flushed() {
      if (idle()) return Promise.resolve()
      return new Promise((resolve) => waiters.push(resolve))
    },
  }
}

function stateOf(
  state: Map<number, { nextFree: number; sent: number }>,
  id: number,
): { nextFree: number; sent: number } {
  let s = state.get(id)
  if (s === undefined) {
    s = { nextFree: 0, sent: 0 }
    state.set(id, s)
  }
  return s
}

/** Resolves at `time` (performance.now() clock), or at once when `signal` is aborted. */
function sleepUntil(time: number, signal: AbortSignal): Promise<void> {
  const ms = time - performance.now()
  if (ms <= 0 || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    // Timers run on the event loop's cached clock and can fire a little early: re-arm until due.
    const arm = (): void => {
      const left = time - performance.now()
      if (left <= 0) done()
      else timer = setTimeout(arm, Math.ceil(left))
    }
    signal.addEventListener('abort', done, { once: true })
    arm()
  })
}

/** Resolves when `signal` is aborted (a fault was removed) or `socket` closes. */
function untilAborted(signal: AbortSignal, socket: Socket): Promise<void> {
  if (signal.aborted || socket.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done)
      socket.off('close', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
    socket.once('close', done)
  })
}

/** Resolves when `socket` drains or closes (a closed socket never drains). */
function onceDrained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done)
      socket.off('close', done)
      resolve()
    }
    socket.once('drain', done)
    socket.once('close', done)
  })
}
