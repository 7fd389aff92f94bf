/**
 * CI support: waiting for a server, shards balanced by recorded durations, generated workflows.
 * @module
 */

export {
  detectProject,
  type PackageManager,
  type ProjectFacts,
  type TestRunner,
  type Tier,
} from './detect-project.js'
export { type Durations, readDurations } from './durations.js'
export { findTestFiles } from './find-test-files.js'
export { githubWorkflows, type WorkflowFile, type WorkflowOptions } from './github-workflow.js'
export { type InitGithubOptions, initGithub } from './init-github.js'
export { type RestoredDatabase, restoreDump } from './restore-dump.js'
export { planShards, type Shard, type WeightSource } from './shard.js'
export { type WaitOptions, type WaitResult, waitForServer } from './wait-for-server.js'
