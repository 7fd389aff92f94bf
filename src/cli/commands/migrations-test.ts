/**
 * `pgtestbed migrations test`: runs the migration harness (up, down, roundtrip, idempotent,
 * drift, preserve, timing) on scratch databases of the configured engine.
 * @module
 */
import { relative, resolve } from 'node:path'
import type { MigrationChecksOptions } from '../../config/index.js'
import { isTier, TIERS } from '../../fixtures/index.js'
import {
  CHECK_NAMES,
  type CheckName,
  IGNORABLE_KINDS,
  type IgnorableKind,
  type LockBudgets,
  type MigrationLockReport,
  type MigrationReport,
  type TestMigrationsOptions,
  testMigrations,
  unknownKinds,
} from '../../migrations/index.js'
import {
  type CommandArgs,
  type CommandIO,
  defineCommand,
  listOption,
  type OptionTable,
  stringOption,
  usageError,
} from '../command.js'
import { progressOf } from '../progress.js'
import { withEngine } from '../project.js'
import { commandMigrationsOf, testCommandMigrations } from './migrations-command-checks.js'
import {
  BEFORE_EACH_OPTION,
  loadMigrationSet,
  MIGRATION_DIR_OPTIONS,
  PLACEHOLDER_OPTION,
  placeholderOption,
  sqlOption,
} from './migrations-options.js'

const OPTIONS = {
  ...MIGRATION_DIR_OPTIONS,
  checks: {
    type: 'string',
    value: 'LIST',
    default: 'all that apply',
    description: `Checks to run, comma-separated: ${CHECK_NAMES.join(', ')}`,
  },
  setup: { type: 'string', value: 'SQL|@FILE', description: 'SQL run once before the first migration' },
  'before-each': BEFORE_EACH_OPTION,
  placeholder: PLACEHOLDER_OPTION,
  ignore: {
    type: 'string',
    multiple: true,
    value: 'GLOB',
    description: 'Ignore these objects when comparing schemas',
  },
  'ignore-kind': {
    type: 'string',
    value: 'LIST',
    description: `Leave whole kinds out of schema comparisons, comma-separated: ${IGNORABLE_KINDS.join(', ')}`,
  },
  'keep-going': {
    type: 'boolean',
    description: 'Round trip: after a failed step, go on from the schema after its up (report every failure)',
  },
  'lock-min-rows': {
    type: 'string',
    value: 'N',
    description: 'locks check: budgets apply to tables over N rows (default 0)',
  },
  'lock-max-access-exclusive-ms': {
    type: 'string',
    value: 'MS',
    description: 'locks check: fail when ACCESS EXCLUSIVE on such a table is held longer',
  },
  'fail-on-rewrite': { type: 'boolean', description: 'locks check: fail when such a table is rewritten' },
  irreversible: {
    type: 'string',
    multiple: true,
    value: 'NAME',
    description: 'A migration whose down is known not to restore everything',
  },
  schema: {
    type: 'string',
    value: 'FILE',
    description: 'The declared schema (.sql or snapshot) for the drift check',
  },
  'rerun-each': { type: 'boolean', description: 'Idempotency: apply each migration twice' },
  'verify-reapply': { type: 'boolean', description: 'After the down chain, apply every up again' },
  'preserve-at': {
    type: 'string',
    value: 'NAME',
    description: 'Load data after this migration and check later ones keep it',
  },
  'preserve-data': { type: 'string', multiple: true, value: 'FILE', description: 'SQL that loads the data' },
  'preserve-assert': {
    type: 'string',
    multiple: true,
    value: 'FILE',
    description: 'SQL assertions run after the last migration',
  },
  'preserve-tier': { type: 'string', value: 'TIER', description: 'Load this fixture tier as the data' },
  fixtures: { type: 'string', value: 'DIR', default: './fixtures', description: 'The fixture repository' },
  'fixtures-version': {
    type: 'string',
    value: 'V',
    default: 'current',
    description: 'The fixture version for --preserve-tier',
  },
} as const satisfies OptionTable

/** Turns the command line into harness options (usage errors exit 2). */
function harnessOptions(
  args: CommandArgs,
  io: CommandIO,
  defaults: MigrationChecksOptions,
): Omit<TestMigrationsOptions, 'server'> {
  const requested = listOption(args, 'checks')
  const unknown = requested.filter((c) => !CHECK_NAMES.includes(c as CheckName))
  if (unknown.length > 0) {
    throw usageError(
      `Unknown check "${unknown.join(', ')}" in --checks. Use some of: ${CHECK_NAMES.join(', ')}.`,
    )
  }
  const placeholders = placeholderOption(args)
  const at = stringOption(args, 'preserve-at')
  const data = listOption(args, 'preserve-data').map((f) => resolve(io.cwd, f))
  const assertions = listOption(args, 'preserve-assert').map((f) => resolve(io.cwd, f))
  const tier = stringOption(args, 'preserve-tier')
  if (tier !== undefined && !isTier(tier)) {
    throw usageError(`--preserve-tier ${tier}: not a tier. Use one of: ${TIERS.join(', ')}.`)
  }
  const fixtures =
    tier === undefined
      ? undefined
      : {
          tier,
          dir: resolve(io.cwd, stringOption(args, 'fixtures') ?? 'fixtures'),
          version: stringOption(args, 'fixtures-version') ?? 'current',
        }
  if (at === undefined && (data.length > 0 || assertions.length > 0 || fixtures !== undefined)) {
    throw usageError(
      '--preserve-data/--preserve-tier/--preserve-assert need --preserve-at NAME (the migration to load the data after).',
    )
  }
  const setup = sqlOption(args, 'setup', io)
  const beforeEach = sqlOption(args, 'before-each', io)
  const schema = stringOption(args, 'schema')
  const ignoreKinds = [...(defaults.ignoreKinds ?? []), ...listOption(args, 'ignore-kind')]
  const badKinds = unknownKinds(ignoreKinds)
  if (badKinds.length > 0) {
    throw usageError(
      `Unknown kind "${badKinds.join(', ')}" in --ignore-kind (or migrationChecks.ignoreKinds in the config). Use some of: ${IGNORABLE_KINDS.join(', ')}.`,
    )
  }
  const locks = lockBudgets(args, defaults)
  return {
    ...(requested.length > 0 ? { checks: requested as CheckName[] } : {}),
    ...(setup !== undefined ? { setup } : {}),
    ...(beforeEach !== undefined ? { beforeEach } : {}),
    ...(Object.keys(placeholders).length > 0 ? { placeholders } : {}),
    ignore: [...(defaults.ignore ?? []), ...listOption(args, 'ignore')],
    ignoreKinds: ignoreKinds as IgnorableKind[],
    keepGoing: args.values['keep-going'] === true,
    ...(locks !== undefined ? { locks } : {}),
    irreversible: [...(defaults.irreversible ?? []), ...listOption(args, 'irreversible')],
    ...(schema !== undefined ? { declared: resolve(io.cwd, schema) } : {}),
    rerunEach: args.values['rerun-each'] === true,
    verifyReapply: args.values['verify-reapply'] === true,
    ...(at !== undefined
      ? { preserve: { at, data, assertions, ...(fixtures !== undefined ? { fixtures } : {}) } }
      : {}),
  }
}

/** Lock budgets from the flags over the config's; undefined when neither sets any. */
function lockBudgets(args: CommandArgs, defaults: MigrationChecksOptions): LockBudgets | undefined {
  const number = (name: string) => {
    const value = stringOption(args, name)
    if (value === undefined) return undefined
    const n = Number(value)
    if (!Number.isFinite(n) || n < 0) throw usageError(`--${name} ${value}: expected a number, 0 or more.`)
    return n
  }
  const minRows = number('lock-min-rows') ?? defaults.locks?.minRows
  const maxAccessExclusiveMs = number('lock-max-access-exclusive-ms') ?? defaults.locks?.maxAccessExclusiveMs
  const rewrites = args.values['fail-on-rewrite'] === true ? 'fail' : defaults.locks?.rewrites
  if (minRows === undefined && maxAccessExclusiveMs === undefined && rewrites === undefined) return undefined
  return {
    ...(minRows !== undefined ? { minRows } : {}),
    ...(maxAccessExclusiveMs !== undefined ? { maxAccessExclusiveMs } : {}),
    ...(rewrites !== undefined ? { rewrites } : {}),
  }
}

/** The locks check's evidence: one line per statement that locked or rewrote a table. */
function renderLocks(reports: readonly MigrationLockReport[]): string[] {
  const out: string[] = []
  for (const m of reports) {
    out.push(
      `     ${m.migration} (${m.ms.toFixed(1)} ms${m.transaction ? ', one transaction' : ', no transaction'})`,
    )
    for (const s of m.statements) {
      if (s.locks.length === 0 && s.rewrites.length === 0) continue
      out.push(`       line ${s.line}: ${s.sql} (${s.ms.toFixed(1)} ms)`)
      for (const r of s.rewrites) out.push(`         REWRITE ${r.table} (~${r.rows} rows, ${r.bytes} bytes)`)
      for (const l of s.locks)
        out.push(
          `         ${l.mode} on ${l.table} (~${l.rows} rows) held ${l.heldMs.toFixed(1)} ms${l.waited === true ? ', waited' : ''}`,
        )
    }
  }
  return out
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Human rendering: one line per check, failures with file:line and details. */
export function renderMigrationReport(report: MigrationReport, cwd: string): string {
  const out = [
    `${report.format} migrations in ${relative(cwd, report.dir) || '.'}: ${report.migrations.length}`,
  ]
  for (const [name, check] of Object.entries(report.checks)) {
    const mark = !check.ok ? 'FAIL' : check.skipped !== undefined ? 'skip' : 'ok  '
    out.push(`${mark} ${name}${check.skipped !== undefined ? ` (${check.skipped})` : ''}`)
    for (const f of check.failures) {
      const where =
        f.file === undefined
          ? ''
          : ` ${relative(cwd, f.file)}${f.line === undefined ? '' : `:${f.line}${f.column === undefined ? '' : `:${f.column}`}`}`
      out.push(`     ${f.kind} in ${f.migration}${where}`)
      for (const line of typeof f.details === 'string' ? [f.details] : f.details) out.push(`       ${line}`)
    }
    for (const note of check.notes ?? []) out.push(`     note: ${note}`)
    if (check.locks !== undefined) out.push(...renderLocks(check.locks))
    if (name === 'timing' && check.timings !== undefined) {
      for (const t of check.timings) out.push(`     ${t.ms.toFixed(2).padStart(9)} ms  ${t.migration}`)
    }
  }
  for (const note of report.notes ?? []) out.push(`note: ${note}`)
  out.push(
    report.ok
      ? 'All requested checks passed.'
      : `Some checks failed (${plural(
          Object.values(report.checks).reduce((n, c) => n + c.failures.length, 0),
          'failure',
        )}).`,
  )
  return out.join('\n')
}

export const migrationsTestCommand = defineCommand({
  name: ['migrations', 'test'],
  summary:
    'Test the migrations on scratch databases: up, down, roundtrip, idempotent, drift, preserve, timing',
  options: OPTIONS,
  async run(args, io) {
    const byCommand = await commandMigrationsOf(args, io)
    if (byCommand !== undefined) return testCommandMigrations(io, byCommand.config, byCommand.command)
    const { set, config } = await loadMigrationSet(args, io)
    const options = harnessOptions(args, io, config.migrationChecks)
    const report = await withEngine(io, config, (engine) => {
      progressOf(io).phase(`testing ${set.migrations.length} migrations`)
      return testMigrations(set, { ...options, server: engine.url, prefix: config.prefix })
    })
    return { data: report, human: renderMigrationReport(report, io.cwd), exitCode: report.ok ? 0 : 1 }
  },
})

/** `pgtestbed migrations check`: the same as `migrations test`. */
export const migrationsCheckCommand = defineCommand({
  ...migrationsTestCommand,
  name: ['migrations', 'check'],
  summary: 'The same as `migrations test`',
})
