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

export {
  type ClassifiedNetworkError,
  classifyNetworkError,
  type NetworkFailureKind,
} from './classify-error.js'
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
  type NetworkDrop,
  type NetworkDropObservation,
  type ObserveNetworkDropOptions,
  observeNetworkDrop,
} from './resilience/observe-network-drop.js'
export {
  type ObservePoolExhaustionOptions,
  observePoolExhaustion,
  type PoolExhaustionObservation,
} from './resilience/observe-pool-exhaustion.js'
export {
  type ObserveServerRestartOptions,
  observeServerRestart,
  type ServerRestartObservation,
} from './resilience/observe-server-restart.js'
export {
  type ObserveStatementTimeoutOptions,
  observeStatementTimeout,
  type StatementTimeoutObservation,
} from './resilience/observe-statement-timeout.js'
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
