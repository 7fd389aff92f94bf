/**
 * CI support: waiting for a server, shards balanced by recorded durations, generated workflows.
 * @module
 */

export { type Durations, readDurations } from './durations.js'
export { findTestFiles } from './find-test-files.js'
export { planShards, type Shard, type WeightSource } from './shard.js'
export { type WaitOptions, type WaitResult, waitForServer } from './wait-for-server.js'
