/**
 * Turns a user configuration into the resolved one: defaults, then the file, then environment
 * variables (which win), then validation.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { ConfigError } from '../errors.js'
import { perfFlag } from '../internal/perf-flag.js'
import type { PgtestbedConfig, RecycleMode, ResolvedConfig } from './config.js'
import { findConfigFile, loadConfigFile } from './load-config.js'
import { validateConfig } from './validate-config.js'

/** Environment variables that override the configuration, with the field each one sets. */
export const ENV_OVERRIDES = {
  PGTESTBED_ENGINE: 'engine (embedded, url or pglite)',
  PGTESTBED_URL: 'url (attaches to a running pgtestbed server; implies engine "url")',
  DATABASE_URL: 'url (when engine is "url")',
  PGTESTBED_PG_BINDIR: 'embedded.binDir',
  PGTESTBED_PG_VERSION: 'embedded.version',
  PGTESTBED_PORT: 'embedded.port',
  PGTESTBED_DATA_ROOT: 'embedded.dataRoot (default /dev/shm/pgtestbed-<uid>, else <tmpdir>/pgtestbed-<uid>)',
  PGTESTBED_POOL_SIZE: 'pool.size',
  PGTESTBED_POOL_RECYCLE: 'pool.recycle (1 or true: on; 0 or false: off; in-place)',
  PGTESTBED_ON_FAILURE: 'onFailure',
  PGTESTBED_RUN_ID: 'runId (default: GITHUB_RUN_ID, else random)',
  PGTESTBED_TIER: 'fixtures.tier (with no fixtures in the file: { version: "current", tier })',
  PGTESTBED_PERF: 'perf (1 or true: on; 0 or false: off)',
} as const

/** `pool.recycle` when neither the file nor PGTESTBED_POOL_RECYCLE says (docs/benchmarks.md). */
const RECYCLE_DEFAULT: RecycleMode = 'in-place'

/** Options of `resolveConfig`. */
export interface ResolveOptions {
  /** Where to look for the config file; default `process.cwd()`. */
  readonly cwd?: string
  /** Use this config instead of looking for a file. */
  readonly config?: PgtestbedConfig
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Loads (or takes) the configuration and applies defaults and environment overrides.
 *
 * @example
 * const config = await resolveConfig({ cwd: process.cwd() })
 */
export async function resolveConfig(options: ResolveOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd())
  const env = options.env ?? process.env
  let configFile: string | undefined
  let user: PgtestbedConfig
  if (options.config !== undefined) {
    validateConfig(options.config, 'the configuration passed to pgtestbed')
    user = options.config
  } else {
    configFile = namedConfigFile(cwd, env) ?? findConfigFile(cwd)
    user = configFile === undefined ? {} : await loadConfigFile(configFile)
  }
  const merged = applyEnv(user, env)
  validateConfig(merged, describeSources(configFile))
  const rootDir = configFile === undefined ? cwd : dirname(configFile)

  const engine = merged.engine ?? 'embedded'
  const url = merged.url
  if (engine === 'url' && url === undefined) {
    throw new ConfigError(
      'PGT_CONFIG_INVALID',
      'Invalid configuration: engine "url" needs a server URL. Set DATABASE_URL, or "url" in pgtestbed.config.ts.',
    )
  }
  const command = typeof merged.migrations === 'object' ? merged.migrations : undefined
  const migrations =
    merged.migrations === false || typeof merged.migrations === 'object'
      ? undefined
      : merged.migrations !== undefined
        ? resolve(rootDir, merged.migrations)
        : existsSync(resolve(rootDir, 'migrations'))
          ? resolve(rootDir, 'migrations')
          : undefined
  if (migrations !== undefined && !existsSync(migrations)) {
    throw new ConfigError(
      'PGT_CONFIG_INVALID',
      `Invalid configuration: "migrations" is ${migrations}, which does not exist. Create the folder or fix the path.`,
    )
  }
  if (migrations !== undefined && !statSync(migrations).isDirectory()) {
    throw new ConfigError(
      'PGT_CONFIG_INVALID',
      `Invalid configuration: "migrations" is ${migrations}, a file. Point it at the folder that holds the migration files (one file per migration, in any supported layout).`,
    )
  }
  return Object.freeze({
    rootDir,
    configFile,
    engine,
    url,
    embedded: merged.embedded ?? {},
    migrations,
    migrationCommand: command,
    setup: merged.setup,
    setupInputs: merged.setupInputs ?? [],
    fixtures:
      merged.fixtures === undefined
        ? undefined
        : { ...merged.fixtures, dir: resolve(rootDir, merged.fixtures.dir ?? 'fixtures') },
    pool: {
      size: merged.pool?.size ?? Math.max(2, availableParallelism()),
      maxDatabases: merged.pool?.maxDatabases ?? 64,
      acquireTimeoutMs: merged.pool?.acquireTimeoutMs ?? 60_000,
      quietAfterAcquireMs: merged.pool?.quietAfterAcquireMs ?? 20,
      recycle: merged.pool?.recycle ?? RECYCLE_DEFAULT,
    },
    templates: { keep: merged.templates?.keep ?? 3 },
    onFailure: merged.onFailure ?? 'keep',
    prefix: merged.prefix ?? 'pgt',
    runId: merged.runId ?? defaultRunId(env),
    cloneStrategy: merged.cloneStrategy ?? 'file_copy',
    migrationChecks: merged.migrationChecks ?? {},
    perf: merged.perf ?? false,
    perfBudgets: merged.perfBudgets ?? {},
  })
}

function applyEnv(config: PgtestbedConfig, env: NodeJS.ProcessEnv): PgtestbedConfig {
  const out: Record<string, unknown> = { ...config }
  const embedded: Record<string, unknown> = { ...config.embedded }
  const pool: Record<string, unknown> = { ...config.pool }
  if (env['PGTESTBED_ENGINE']) out['engine'] = env['PGTESTBED_ENGINE']
  if (env['PGTESTBED_URL']) {
    out['engine'] = 'url'
    out['url'] = env['PGTESTBED_URL']
  } else if (env['DATABASE_URL'] && out['engine'] === 'url') {
    // The server for the url engine; PGTESTBED_URL (attach to a prepared server) wins over it.
    out['url'] = env['DATABASE_URL']
  }
  if (env['PGTESTBED_PG_BINDIR']) embedded['binDir'] = env['PGTESTBED_PG_BINDIR']
  if (env['PGTESTBED_PG_VERSION'])
    embedded['version'] = envInteger(env, 'PGTESTBED_PG_VERSION', 'one of 15, 16, 17, 18')
  if (env['PGTESTBED_PORT']) embedded['port'] = envInteger(env, 'PGTESTBED_PORT', 'a port number (1-65535)')
  if (env['PGTESTBED_DATA_ROOT']) embedded['dataRoot'] = env['PGTESTBED_DATA_ROOT']
  if (env['PGTESTBED_POOL_SIZE']) pool['size'] = envInteger(env, 'PGTESTBED_POOL_SIZE', 'a positive integer')
  const recycle = env['PGTESTBED_POOL_RECYCLE']
  if (recycle !== undefined && recycle !== '') {
    const value = recycle.trim().toLowerCase()
    if (!['0', '1', 'true', 'false', 'in-place'].includes(value))
      throw new ConfigError(
        'PGT_CONFIG_INVALID',
        `Invalid configuration in environment variable PGTESTBED_POOL_RECYCLE: "${recycle}"; it must be 1, 0, true, false or in-place. Fix or unset PGTESTBED_POOL_RECYCLE.`,
      )
    pool['recycle'] = value === 'in-place' ? value : ['1', 'true'].includes(value)
  }
  if (env['PGTESTBED_ON_FAILURE']) out['onFailure'] = env['PGTESTBED_ON_FAILURE']
  if (env['PGTESTBED_RUN_ID']) out['runId'] = env['PGTESTBED_RUN_ID']
  // Set by the tier jobs of the generated CI workflow: load that tier into the template.
  if (env['PGTESTBED_TIER'])
    out['fixtures'] = { version: 'current', ...config.fixtures, tier: env['PGTESTBED_TIER'] }
  const perf = perfFlag(env)
  if (perf !== undefined) out['perf'] = perf
  if (Object.keys(embedded).length > 0) out['embedded'] = embedded
  if (Object.keys(pool).length > 0) out['pool'] = pool
  return out as PgtestbedConfig
}

/** A whole number from an environment variable, or a ConfigError naming the variable and its value. */
function envInteger(env: NodeJS.ProcessEnv, name: string, allowed: string): number {
  const raw = env[name] ?? ''
  if (!/^\s*\d+\s*$/.test(raw)) {
    throw new ConfigError(
      'PGT_CONFIG_INVALID',
      `Invalid configuration in environment variable ${name}: "${raw}"; it must be ${allowed}. Fix or unset ${name}.`,
    )
  }
  return Number(raw)
}

function describeSources(configFile: string | undefined): string {
  const vars = Object.keys(ENV_OVERRIDES).join(', ')
  return configFile === undefined
    ? `environment variables (${vars})`
    : `${configFile} or environment variables (${vars})`
}

function defaultRunId(env: NodeJS.ProcessEnv): string {
  const ci = env['GITHUB_RUN_ID']
  // Keep it short: it is part of every database name (63 bytes at most).
  if (ci && /^\d+$/.test(ci)) return `r${ci.slice(-8)}${randomBytes(1).toString('hex')}`
  return `r${randomBytes(4).toString('hex')}`
}

/** Throws a ConfigError for a bad command-line value, in the same wording as config errors. */
export function invalidValue(field: string, value: string, allowed: string): never {
  throw new ConfigError(
    'PGT_CONFIG_INVALID',
    `Invalid value for ${field}: "${value}"; it must be ${allowed}.`,
  )
}

/**
 * The file `PGTESTBED_CONFIG` names (relative to `cwd`), e.g. a second config beside the first
 * for the tests that need another engine; undefined when it is not set.
 */
function namedConfigFile(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const named = env['PGTESTBED_CONFIG']
  if (named === undefined || named === '') return undefined
  const file = resolve(cwd, named)
  if (!existsSync(file)) {
    throw new ConfigError(
      'PGT_CONFIG_LOAD',
      `Failed to load ${file}: PGTESTBED_CONFIG names it, and it does not exist. Fix the path (relative to ${cwd}), or unset PGTESTBED_CONFIG to use the nearest pgtestbed.config.* instead.`,
    )
  }
  return file
}
