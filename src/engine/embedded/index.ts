export { type Binaries, type BinarySearch, type BinarySource, findBinaries } from './binaries.js'
export { readRecord } from './cluster-record.js'
export { dataRoot } from './data-root.js'
export { reapClusters } from './reap-clusters.js'
export {
  type StartEmbeddedOptions,
  type StartedEmbedded,
  startEmbedded,
  TEST_SETTINGS,
} from './start-embedded.js'
export { stopCluster } from './stop-cluster.js'
export {
  findUpCluster,
  inspectUpCluster,
  type UpClusterState,
  upClusterDir,
  upClusterName,
} from './up-cluster.js'
export { startUpCluster, stopUpCluster, type UpCluster } from './up-protocol.js'
