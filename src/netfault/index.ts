/**
 * `pgtestbed/netfault`: a TCP fault proxy in front of PostgreSQL (toxiproxy's faults, in
 * process, no binary, no Docker) and helpers that show what an app sees when things break.
 *
 * @example
 * import { fault, startFaultProxy } from 'pgtestbed/netfault'
 * await using proxy = await startFaultProxy({ target: db.url })
 * proxy.add(fault.latency({ ms: 50 }))
 * @module
 */
export type { ConnectionInfo, DropMode } from './connection.js'
export {
  type BandwidthFault,
  checkRange,
  type Direction,
  type DirectionOption,
  FAULT_LIMITS,
  type Fault,
  fault,
  type LatencyFault,
  type LimitDataFault,
  type ResetPeerFault,
  type SlicerFault,
  type TimeoutFault,
} from './fault.js'
export {
  type AddFaultOptions,
  type DownOptions,
  type FaultHandle,
  type FaultProxy,
  type FaultProxyOptions,
  type ProxyEvent,
  type ProxyStats,
  startFaultProxy,
} from './start-fault-proxy.js'
export { type ProxyTarget, parseTarget, proxyUrl } from './target.js'
