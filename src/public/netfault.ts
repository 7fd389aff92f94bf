/**
 * `pgtestbed/netfault`: a TCP fault proxy in front of PostgreSQL, and helpers that show what an
 * app sees when the network or the server breaks (docs/netfault.md).
 *
 * @example
 * import { fault, startFaultProxy } from 'pgtestbed/netfault'
 * await using proxy = await startFaultProxy({ target: db.url })
 * proxy.add(fault.latency({ ms: 50 }))
 * @module
 */

// The proxy
// Faults
// What an app sees: the resilience helpers
export {
  type AddFaultOptions,
  type BandwidthFault,
  type ClassifiedNetworkError,
  type ConnectionInfo,
  classifyNetworkError,
  type Direction,
  type DirectionOption,
  type DownOptions,
  type DropMode,
  type Fault,
  type FaultHandle,
  type FaultProxy,
  type FaultProxyOptions,
  fault,
  type LatencyFault,
  type LimitDataFault,
  type NetworkDrop,
  type NetworkDropObservation,
  type NetworkFailureKind,
  type ObserveNetworkDropOptions,
  type ObservePoolExhaustionOptions,
  type ObserveServerRestartOptions,
  type ObserveStatementTimeoutOptions,
  observeNetworkDrop,
  observePoolExhaustion,
  observeServerRestart,
  observeStatementTimeout,
  type PoolExhaustionObservation,
  type ProxyEvent,
  type ProxyStats,
  type ResetPeerFault,
  type ServerRestartObservation,
  type SlicerFault,
  type StatementTimeoutObservation,
  startFaultProxy,
  type TimeoutFault,
} from '../netfault/index.js'
