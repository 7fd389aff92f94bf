/**
 * `pgtestbed migrations lint`: lints migration files for dangerous statements; exit 1 on findings.
 * @module
 */
import { readFileSync } from 'node:fs'
import { basename, relative, resolve } from 'node:path'
import {
  type LintReport,
  linkLockEvidence,
  lintFiles,
  lintMigrations,
  listRules,
  type MigrationLockReport,
} from '../../migrations/index.js'
import { defineCommand, listOption, stringOption, usageError } from '../command.js'
import {
  BEFORE_EACH_OPTION,
  loadMigrationSet,
  MIGRATION_DIR_OPTIONS,
  PLACEHOLDER_OPTION,
  placeholderOption,
  sqlOption,
} from './migrations-options.js'

/** Human rendering: `file:line rule (severity)`, why, and the fix. */
export function renderLintReport(report: LintReport, cwd: string): string {
  if (report.ok) return `No findings in ${report.scripts} script(s).`
  const lines = report.findings.map(
    (f) =>
      `${relative(cwd, f.file)}:${f.line}: ${f.severity} ${f.rule}: ${f.message}\n    fix: ${f.fix}` +
      (f.evidence ?? []).map((e) => `\n    measured: ${e}`).join(''),
  )
  return `${lines.join('\n')}\n${report.findings.length} finding(s) in ${report.scripts} script(s).`
}

export const migrationsLintCommand = defineCommand({
  name: ['migrations', 'lint'],
  summary: 'Lint migrations for dangerous statements (locks, rewrites, data loss); exit 1 on findings',
  args: '[FILES...]',
  options: {
    ...MIGRATION_DIR_OPTIONS,
    disable: {
      type: 'string',
      multiple: true,
      value: 'RULE,...',
      description: 'Rules to turn off (see --rules)',
    },
    'before-each': BEFORE_EACH_OPTION,
    'include-down': { type: 'boolean', description: 'Also lint down migrations' },
    placeholder: PLACEHOLDER_OPTION,
    'pg-version': {
      type: 'string',
      value: 'N',
      default: '17',
      description: 'The server major version the rules assume (e.g. 16)',
    },
    rules: { type: 'boolean', description: 'List the rules and exit' },
    evidence: {
      type: 'string',
      value: 'FILE',
      description:
        'Show what the locks check measured under each finding (`migrations test --checks locks --json` output)',
    },
  },
  allowPositionals: true,
  async run(args, io) {
    if (args.values['rules'] === true) {
      const rules = listRules()
      return {
        data: rules,
        human: rules.map((r) => `${r.id.padEnd(38)} ${r.severity.padEnd(8)} ${r.summary}`).join('\n'),
      }
    }
    const beforeEach = sqlOption(args, 'before-each', io)
    const versionText = stringOption(args, 'pg-version')
    const pgVersion = versionText === undefined ? undefined : Number.parseInt(versionText, 10)
    if (pgVersion !== undefined && !(pgVersion >= 9 && pgVersion <= 99)) {
      throw usageError(`--pg-version ${versionText}: expected a major version such as 16.`)
    }
    const options = {
      disable: listOption(args, 'disable'),
      ...(beforeEach !== undefined ? { beforeEach } : {}),
      includeDown: args.values['include-down'] === true,
      placeholders: placeholderOption(args),
      ...(pgVersion !== undefined ? { pgVersion } : {}),
    }
    let report: LintReport
    if (args.positionals.length > 0) {
      if (stringOption(args, 'dir') !== undefined) throw usageError('Pass either FILES or --dir, not both.')
      report = await lintFiles(
        args.positionals.map((f) => (f.startsWith('/') ? f : `${io.cwd}/${f}`)),
        options,
      ).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT')
          throw usageError(`Cannot read ${err.path}: no such file. Pass existing SQL files.`)
        throw err
      })
    } else {
      const { set } = await loadMigrationSet(args, io)
      report = await lintMigrations(set, options)
    }
    const evidence = stringOption(args, 'evidence')
    if (evidence !== undefined) report = linkLockEvidence(report, readLockEvidence(resolve(io.cwd, evidence)))
    return { data: report, human: renderLintReport(report, io.cwd), exitCode: report.ok ? 0 : 1 }
  },
})

/** The locks check's per-migration evidence from a saved `migrations test --checks locks --json`. */
function readLockEvidence(file: string): MigrationLockReport[] {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw usageError(
      `--evidence ${file}: ${(err as Error).message}. Save it with: pgtestbed migrations test --checks locks --json > ${basename(file)}`,
    )
  }
  const locks = (doc as { checks?: { locks?: { locks?: unknown } } } | null)?.checks?.locks?.locks
  if (!Array.isArray(locks))
    throw usageError(
      `--evidence ${file}: no locks check in it. Save it with: pgtestbed migrations test --checks locks --json > ${basename(file)}`,
    )
  return locks as MigrationLockReport[]
}
