/**
 * Fault models for the TCP fault proxy, in toxiproxy's vocabulary: frozen, `kind`-tagged data
 * made by the `fault.*` builders, which check every value and name the allowed range.
 * @module
 */
import { ConfigError, failure } from '../errors.js'

/** Which way data flows: `upstream` is client → server, `downstream` is server → client. */
export type Direction = 'upstream' | 'downstream'

/** Where a fault applies; `both` adds it to each direction. */
export type DirectionOption = Direction | 'both'

/** Every chunk waits `ms` ± `jitter` (uniform, seeded) before it is forwarded; order is kept. */
export interface LatencyFault {
  readonly kind: 'latency'
  readonly ms: number
  readonly jitter: number
}

/** At most `bytesPerSecond` bytes per second are forwarded. */
export interface BandwidthFault {
  readonly kind: 'bandwidth'
  readonly bytesPerSecond: number
}

/**
 * A black hole (a network partition): nothing gets through, the connection stays open (the peer
 * hangs), and is closed after `closeAfterMs` when that is set. `data: 'hold'` (default) keeps
 * the bytes and delivers them in order when the fault is removed, as TCP retransmission would
 * after a partition heals; `data: 'drop'` discards them, as toxiproxy's timeout does.
 */
export interface TimeoutFault {
  readonly kind: 'timeout'
  readonly closeAfterMs: number | undefined
  readonly data: 'hold' | 'drop'
}

/** A real TCP RST (`socket.resetAndDestroy()`) `afterMs` after the fault meets a connection. */
export interface ResetPeerFault {
  readonly kind: 'reset-peer'
  readonly afterMs: number
}

/** Chunks are cut into pieces of `averageSize` ± `sizeVariation` bytes, `delayMs` apart. */
export interface SlicerFault {
  readonly kind: 'slicer'
  readonly averageSize: number
  readonly sizeVariation: number
  readonly delayMs: number
}

/**
 * The connection is closed (FIN) once `bytes` more bytes went through in this direction,
 * counted from when the fault meets the connection (added, or the connection opened).
 */
export interface LimitDataFault {
  readonly kind: 'limit-data'
  readonly bytes: number
}

/** One fault; add it with `proxy.add(fault, { direction })`. */
export type Fault =
  | LatencyFault
  | BandwidthFault
  | TimeoutFault
  | ResetPeerFault
  | SlicerFault
  | LimitDataFault

/** Allowed ranges, shared by the builders and the CLI so both name the same limits. */
export const FAULT_LIMITS = Object.freeze({
  ms: { min: 0, max: 3_600_000 },
  bytesPerSecond: { min: 1, max: 10_000_000_000 },
  bytes: { min: 0, max: Number.MAX_SAFE_INTEGER },
  sliceSize: { min: 1, max: 1_048_576 },
  toxicity: { min: 0, max: 1 },
})

/** A numeric option and the range it must be in; `integer` rejects fractions. */
interface Range {
  readonly min: number
  readonly max: number
  readonly integer?: boolean
}

/**
 * Checks one number and throws a `PGT_FAULT_INVALID` error naming the option and its range.
 *
 * @example
 * const ms = checkRange('latency', 'ms', 50, FAULT_LIMITS.ms)
 */
export function checkRange(what: string, name: string, value: unknown, range: Range): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= range.min &&
    value <= range.max &&
    (range.integer !== true || Number.isInteger(value))
  if (ok) return value
  const kind = range.integer === true ? 'an integer' : 'a number'
  throw new ConfigError(
    'PGT_FAULT_INVALID',
    failure(
      `set up the ${what} fault`,
      `${name} must be ${kind} from ${range.min} to ${range.max}, got ${JSON.stringify(value) ?? String(value)}`,
      `Pass ${name} within that range`,
    ),
  )
}

/**
 * The fault builders. Each checks its values and returns frozen data.
 *
 * @example
 * proxy.add(fault.latency({ ms: 50, jitter: 10 }), { direction: 'downstream' })
 * proxy.add(fault.bandwidth({ bytesPerSecond: 10_000 }))
 * proxy.add(fault.timeout({ closeAfterMs: 500 }))
 * proxy.add(fault.resetPeer())
 * proxy.add(fault.slicer({ averageSize: 8, delayMs: 1 }))
 * proxy.add(fault.limitData({ bytes: 100 }), { direction: 'upstream' })
 */
export const fault = Object.freeze({
  /** Delay every chunk by `ms` ± `jitter` milliseconds (jitter is seeded per connection). */
  latency(options: { ms: number; jitter?: number }): LatencyFault {
    return Object.freeze({
      kind: 'latency',
      ms: checkRange('latency', 'ms', options.ms, FAULT_LIMITS.ms),
      jitter: checkRange('latency', 'jitter', options.jitter ?? 0, FAULT_LIMITS.ms),
    })
  },
  /** Forward at most `bytesPerSecond` bytes per second. */
  bandwidth(options: { bytesPerSecond: number }): BandwidthFault {
    return Object.freeze({
      kind: 'bandwidth',
      bytesPerSecond: checkRange('bandwidth', 'bytesPerSecond', options.bytesPerSecond, {
        ...FAULT_LIMITS.bytesPerSecond,
        integer: true,
      }),
    })
  },
  /** Let nothing through (a black hole); close the connection after `closeAfterMs` if given. */
  timeout(options: { closeAfterMs?: number; data?: 'hold' | 'drop' } = {}): TimeoutFault {
    const closeAfterMs =
      options.closeAfterMs === undefined
        ? undefined
        : checkRange('timeout', 'closeAfterMs', options.closeAfterMs, FAULT_LIMITS.ms)
    const data = options.data ?? 'hold'
    if (data !== 'hold' && data !== 'drop') {
      throw new ConfigError(
        'PGT_FAULT_INVALID',
        failure(
          'set up the timeout fault',
          `data must be hold or drop, got ${JSON.stringify(data)}`,
          'Pass one of those',
        ),
      )
    }
    return Object.freeze({ kind: 'timeout', closeAfterMs, data })
  },
  /** Send a TCP RST `afterMs` (default 0) after the fault meets each connection. */
  resetPeer(options: { afterMs?: number } = {}): ResetPeerFault {
    return Object.freeze({
      kind: 'reset-peer',
      afterMs: checkRange('reset-peer', 'afterMs', options.afterMs ?? 0, FAULT_LIMITS.ms),
    })
  },
  /** Cut data into small pieces (`averageSize` ± `sizeVariation` bytes) sent `delayMs` apart. */
  slicer(options: { averageSize: number; sizeVariation?: number; delayMs?: number }): SlicerFault {
    const averageSize = checkRange('slicer', 'averageSize', options.averageSize, {
      ...FAULT_LIMITS.sliceSize,
      integer: true,
    })
    return Object.freeze({
      kind: 'slicer',
      averageSize,
      sizeVariation: checkRange('slicer', 'sizeVariation', options.sizeVariation ?? 0, {
        min: 0,
        max: averageSize - 1,
        integer: true,
      }),
      delayMs: checkRange('slicer', 'delayMs', options.delayMs ?? 0, FAULT_LIMITS.ms),
    })
  },
  /** Close the connection once `bytes` bytes have gone through in this direction. */
  limitData(options: { bytes: number }): LimitDataFault {
    return Object.freeze({
      kind: 'limit-data',
      bytes: checkRange('limit-data', 'bytes', options.bytes, { ...FAULT_LIMITS.bytes, integer: true }),
    })
  },
})
