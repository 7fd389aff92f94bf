export { connectClient } from './connect-client.js'
export {
  type Binaries,
  type BinarySearch,
  dataRoot,
  findBinaries,
  findUpCluster,
  readRecord,
  reapClusters,
  type StartEmbeddedOptions,
  type StartedEmbedded,
  startEmbedded,
  stopCluster,
  TEST_SETTINGS,
  upClusterName,
} from './embedded/index.js'
export { databaseUrl, redactUrl, type StartedEngine } from './engine.js'
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.js'
export { startEngine } from './start-engine.js'
export { startUrl } from './url/start-url.js'
