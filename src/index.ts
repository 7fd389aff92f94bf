/**
 * pgtestbed: a real, migrated, seeded PostgreSQL database per test, in milliseconds.
 *
 * @example
 * import { createTestbed } from 'pgtestbed'
 * await using bed = await createTestbed()
 * const db = await bed.acquire()
 * @module
 */
export * from './config/index.js'
export {
  databaseUrl,
  findBinaries,
  redactUrl,
  type StartedEmbedded,
  type StartedEngine,
  startEmbedded,
  startEngine,
  startUrl,
} from './engine/index.js'
export * from './errors.js'
export type { Queryable } from './internal/queryable.js'
export {
  type CreateTestbedOptions,
  createTestbed,
  type PoolStats,
  reapDeadDatabases,
  type Testbed,
  type TestDatabase,
} from './pool/index.js'
