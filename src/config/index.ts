export type {
  EmbeddedOptions,
  FixturesOptions,
  MigrationChecksOptions,
  MigrationCommand,
  PerfBudgets,
  PgtestbedConfig,
  PoolOptions,
  RecycleMode,
  ResolvedConfig,
  SetupContext,
  TemplatesOptions,
  TimeBudget,
} from './config.js'
export { defineConfig } from './config.js'
export { findConfigFile, loadConfigFile } from './load-config.js'
export { ENV_OVERRIDES, invalidValue, type ResolveOptions, resolveConfig } from './resolve-config.js'
