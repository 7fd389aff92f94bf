export { type AttachedRun, attachRun, type PoolProcessOptions } from './attach-run.js'
export { type BuiltTemplate, ensureTemplate } from './build-template.js'
export type { LeasedDatabase, PoolStats, ReleaseOptions } from './clone-pool.js'
// For `pgtestbed serve` (IntegreSQL templates built by clients, cloned by the same pool).
export { ClonePool, newOwnerId } from './clone-pool.js'
export { HANDOFF_ENV, handoffFromEnv, type RunHandoff } from './handoff.js'
export { holdLiveness, isOwnerAlive, LOCK_SPACE } from './liveness.js'
export {
  dropProjectDatabase,
  type PruneOptions,
  type PruneResult,
  pruneDatabases,
  runningServerUrl,
  type ServerStatus,
  serverStatus,
} from './manage.js'
export { buildName, ownerOfClone, ownerTag, templateName } from './naming.js'
export { holdTemplate, TEMPLATE_COMMENT } from './prune-templates.js'
export { KEPT_COMMENT, reapDeadDatabases } from './reaper.js'
export { createStandaloneDatabase, type StandaloneDatabase } from './standalone-database.js'
export { templateInputs } from './template-inputs.js'
export { type CreateTestbedOptions, createTestbed, type Testbed } from './testbed.js'
