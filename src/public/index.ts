/**
 * `pgtestbed`: a real, migrated, seeded PostgreSQL database per test, in milliseconds.
 * The published entry point — written by hand: every name here is documented in README.md.
 *
 * @example
 * import { createTestbed } from 'pgtestbed'
 * await using bed = await createTestbed()
 * const db = await bed.acquire()
 * @module
 */

// Configuration: pgtestbed.config.ts
export {
  defineConfig,
  type EmbeddedOptions,
  type FixturesOptions,
  type MigrationChecksOptions,
  type MigrationCommand,
  type PerfBudgets,
  type PgtestbedConfig,
  type PoolOptions,
  type RecycleMode,
  type ResolvedConfig,
  type ResolveOptions,
  resolveConfig,
  type SetupContext,
  type TemplatesOptions,
  type TimeBudget,
} from '../config/index.js'
// Engines: where PostgreSQL comes from
export {
  type Binaries,
  type BinarySearch,
  type BinarySource,
  type StartEmbeddedOptions,
  type StartedEmbedded,
  type StartedEngine,
  startEmbedded,
  startEngine,
} from '../engine/index.js'
// Errors: a stable `code` each
export {
  ConfigError,
  EngineError,
  type ErrorCode,
  PgtestbedError,
  PoolError,
  TemplateBuildError,
} from '../errors.js'
// The testbed: a template and a warm pool of isolated databases
export type { Queryable } from '../internal/queryable.js'
export {
  type AttachedRun,
  attachRun,
  type CreateTestbedOptions,
  createTestbed,
  type LeasedDatabase,
  type PoolProcessOptions,
  type PoolStats,
  type ReleaseOptions,
  type RunHandoff,
  type Testbed,
} from '../pool/index.js'
