/**
 * Checks a user's configuration and collects every problem into one error naming the field,
 * what it holds and what is allowed.
 * @module
 */
import { ConfigError } from '../errors.js'
import type { PgtestbedConfig } from './config.js'
import { budgetProblems } from './validate-budgets.js'

type Rule = (value: unknown) => string | undefined

const oneOf =
  (...allowed: string[]): Rule =>
  (v) =>
    typeof v === 'string' && allowed.includes(v)
      ? undefined
      : `one of ${allowed.map((a) => `'${a}'`).join(', ')}`
const isString: Rule = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'a non-empty string')
const isFunction: Rule = (v) => (typeof v === 'function' ? undefined : 'a function')
const positiveInt: Rule = (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive integer')
const port: Rule = (v) =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536 ? undefined : 'a port number (1-65535)'
const identifier: Rule = (v) =>
  typeof v === 'string' && /^[a-z][a-z0-9]{0,11}$/.test(v)
    ? undefined
    : 'lowercase letters and digits, starting with a letter, at most 12 characters'
const record: Rule = (v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'an object of name: value'
const migrationsRule: Rule = (v) =>
  v === false ||
  (typeof v === 'string' && v.length > 0) ||
  (record(v) === undefined &&
    typeof (v as Record<string, unknown>)['command'] === 'string' &&
    Array.isArray((v as Record<string, unknown>)['inputs']))
    ? undefined
    : "a folder path, false, or { command: 'alembic upgrade head', inputs: ['alembic/**', 'alembic.ini'] } (inputs: the files the command reads, hashed for the template)"
const globs: Rule = (v) =>
  Array.isArray(v) && v.every((g) => typeof g === 'string' && g.length > 0 && !g.startsWith('/'))
    ? undefined
    : "a list of globs relative to the project root, e.g. ['seed/**']"
const stringList: Rule = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0) ? undefined : 'a list of strings'

const RULES: Record<string, Rule> = {
  engine: oneOf('embedded', 'url', 'pglite'),
  url: isString,
  embedded: record,
  'embedded.binDir': isString,
  'embedded.version': (v) => ([15, 16, 17, 18].includes(v as number) ? undefined : 'one of 15, 16, 17, 18'),
  'embedded.port': port,
  'embedded.dataRoot': isString,
  'embedded.settings': record,
  'embedded.cacheTemplates': (v) => (typeof v === 'boolean' ? undefined : 'true or false'),
  migrations: migrationsRule,
  'migrations.command': isString,
  'migrations.inputs': globs,
  'migrations.down': isString,
  setup: isFunction,
  setupInputs: (v) =>
    Array.isArray(v) && v.every((g) => typeof g === 'string' && g.length > 0 && !g.startsWith('/'))
      ? undefined
      : "a list of globs relative to the project root, e.g. ['seed/**']",
  fixtures: (v) =>
    record(v) === undefined &&
    typeof (v as Record<string, unknown>)['version'] === 'string' &&
    'tier' in (v as object)
      ? undefined
      : 'an object like { version: "current", tier: "minimal" }',
  'fixtures.dir': isString,
  'fixtures.version': isString,
  'fixtures.tier': oneOf('minimal', 'realistic', 'performance'),
  pool: record,
  'pool.size': positiveInt,
  'pool.maxDatabases': positiveInt,
  templates: record,
  'templates.keep': positiveInt,
  'pool.acquireTimeoutMs': positiveInt,
  'pool.quietAfterAcquireMs': (v) =>
    Number.isInteger(v) && (v as number) >= 0 ? undefined : 'a whole number of milliseconds (0 or more)',
  'pool.recycle': (v) =>
    typeof v === 'boolean' || v === 'in-place' ? undefined : "true, false or 'in-place'",
  onFailure: oneOf('keep', 'drop'),
  prefix: identifier,
  runId: identifier,
  cloneStrategy: oneOf('file_copy', 'wal_log'),
  migrationChecks: record,
  'migrationChecks.ignore': stringList,
  'migrationChecks.ignoreKinds': stringList,
  'migrationChecks.irreversible': stringList,
  'migrationChecks.locks': record,
  'migrationChecks.locks.minRows': (v) =>
    Number.isInteger(v) && (v as number) >= 0 ? undefined : 'a whole number of rows (0 or more)',
  'migrationChecks.locks.maxAccessExclusiveMs': (v) =>
    typeof v === 'number' && v >= 0 ? undefined : 'a number of milliseconds (0 or more)',
  'migrationChecks.locks.rewrites': oneOf('allow', 'fail'),
  perf: (v) => (typeof v === 'boolean' ? undefined : 'true or false'),
  perfBudgets: () => undefined, // checked by budgetProblems (its keys are the user's names)
}
const NESTED = new Set([
  'embedded',
  'pool',
  'templates',
  'fixtures',
  'migrations',
  'migrationChecks',
  'migrationChecks.locks',
])

/** Throws one `ConfigError` listing every invalid or unknown field of `config` (from `source`). */
export function validateConfig(config: unknown, source: string): asserts config is PgtestbedConfig {
  const problems: string[] = []
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(
      'PGT_CONFIG_INVALID',
      `Invalid configuration in ${source}: expected an object (export default defineConfig({ ... })).`,
    )
  }
  check(config as Record<string, unknown>, '', problems)
  if (problems.length > 0) {
    throw new ConfigError(
      'PGT_CONFIG_INVALID',
      `Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
  }
}

function check(object: Record<string, unknown>, prefix: string, problems: string[]): void {
  for (const [key, value] of Object.entries(object)) {
    const field = prefix + key
    const rule = RULES[field]
    if (rule === undefined) {
      const known = Object.keys(RULES)
        .filter((k) => (prefix ? k.startsWith(prefix) : !k.includes('.')))
        .map((k) => k.slice(prefix.length))
      problems.push(`unknown field "${field}" (known fields: ${known.join(', ')})`)
      continue
    }
    if (value === undefined) continue
    if (field === 'perfBudgets') {
      problems.push(...budgetProblems(value))
      continue
    }
    const want = rule(value)
    if (want !== undefined)
      problems.push(`"${field}" is ${JSON.stringify(value) ?? typeof value}; it must be ${want}`)
    else if (NESTED.has(field) && typeof value === 'object' && value !== null)
      check(value as Record<string, unknown>, `${field}.`, problems)
  }
}
