export { connectClient } from './connect-client.js'
export {
  type Binaries,
  type BinarySearch,
  type BinarySource,
  dataRoot,
  findBinaries,
  findUpCluster,
  inspectUpCluster,
  readRecord,
  reapClusters,
  type StartEmbeddedOptions,
  type StartedEmbedded,
  startEmbedded,
  startUpCluster,
  stopCluster,
  stopUpCluster,
  TEST_SETTINGS,
  type UpCluster,
  type UpClusterState,
  upClusterDir,
  upClusterName,
} from './embedded/index.js'
export { databaseUrl, redactUrl, type StartedEngine } from './engine.js'
export { startEngine } from './start-engine.js'
export { type ProjectServer, startProjectServer } from './start-project-server.js'
export { startUrl } from './url/start-url.js'
