/**
 * The migration linter: parses each script with the real PostgreSQL parser and runs every rule
 * in context (tables created earlier in the migration, the runner's transaction mode, whether a
 * lock_timeout was set), honouring suppression comments.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Migration, MigrationScript, MigrationSet } from '../../sql/index.js'
import {
  hasNoTransactionMarker,
  loadParser,
  parseStatements,
  substitutePlaceholders,
} from '../../sql/index.js'
import { relationName, unwrap } from './ast.js'
import { MIGRATION_RULES, STATEMENT_RULES } from './rules/index.js'
import { isSuppressed, readSuppressions } from './suppressions.js'
import type { LintContext, LintFinding, LintStatement } from './types.js'

/** Options of the linter. */
export interface LintOptions {
  /** Rule ids to turn off everywhere. */
  readonly disable?: readonly string[]
  /** The before-each hook SQL: a `lock_timeout` set there satisfies `require-lock-timeout`. */
  readonly beforeEach?: string
  /** Lint down scripts too (default: ups only, like strong_migrations). */
  readonly includeDown?: boolean
  /** Major version of the target PostgreSQL, for version-dependent rules; default 17. */
  readonly pgVersion?: number
  /** `${name}` placeholders substituted before parsing, as when the migrations run. */
  readonly placeholders?: Readonly<Record<string, string>>
}

/** The linter's result. */
export interface LintReport {
  readonly kind: 'lint-report'
  readonly ok: boolean
  /** Scripts linted. */
  readonly scripts: number
  readonly findings: readonly LintFinding[]
}

/**
 * Lints one script. `created` carries tables created earlier in the same migration.
 *
 * @example
 * await loadParser()
 * const findings = lintScript(script('create index i on t (c);', 'm.sql', 1, true))
 */
export function lintScript(
  target: MigrationScript,
  options: LintOptions = {},
  created = new Set<string>(),
): LintFinding[] {
  const sql = substitutePlaceholders(target.sql, options.placeholders)
  const parsed = parseStatements(sql)
  const findings: LintFinding[] = []
  if (parsed.kind === 'error') {
    return [
      finding('syntax-error', 'error', target, target.line + parsed.error.line - 1, '', {
        message: `The parser stops here (column ${parsed.error.column}): ${parsed.error.message}; nothing in this script was linted.`,
        fix: 'Fix the SQL (psql meta-commands such as \\set are not SQL and cannot be linted).',
      }),
    ]
  }
  const disabled = new Set(options.disable ?? [])
  const suppressions = readSuppressions(sql)
  let explicitTransaction = false
  let lockTimeoutSet = /lock_timeout/i.test(options.beforeEach ?? '')
  for (const statement of parsed.statements) {
    const { type, fields } = unwrap(statement.ast)
    const stmt: LintStatement = {
      type,
      node: fields,
      text: statement.text,
      line: target.line + statement.line - 1,
    }
    const context: LintContext = {
      createdTables: created,
      inTransaction: target.transaction || explicitTransaction,
      runnerTransaction: target.transaction,
      lockTimeoutSet,
      pgVersion: options.pgVersion ?? 17,
    }
    const lastLine = statement.line + statement.text.split('\n').length - 1
    for (const rule of STATEMENT_RULES) {
      if (disabled.has(rule.id) || isSuppressed(suppressions, rule.id, statement.line, lastLine)) continue
      for (const hit of rule.check(stmt, context)) {
        findings.push(finding(rule.id, rule.severity, target, stmt.line, statement.text, hit))
        // One lock_timeout reminder per script is enough.
        if (rule.id === 'require-lock-timeout') lockTimeoutSet = true
      }
    }
    if (type === 'CreateStmt') created.add(relationName(fields['relation']))
    if (type === 'CreateTableAsStmt') created.add(relationName((fields['into'] as { rel?: unknown })?.rel))
    if (type === 'TransactionStmt') {
      const kind = String(fields['kind'])
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') explicitTransaction = true
      if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') explicitTransaction = false
    }
    if (type === 'VariableSetStmt' && String(fields['name']).toLowerCase() === 'lock_timeout')
      lockTimeoutSet = true
  }
  return findings
}

/**
 * Lints every migration of a set (ups, and downs with `includeDown`), plus migration-level rules.
 *
 * @example
 * const report = await lintMigrations(await readMigrations('db/migrations'))
 * for (const f of report.findings) console.log(`${f.file}:${f.line} ${f.rule}: ${f.message}`)
 */
export async function lintMigrations(set: MigrationSet, options: LintOptions = {}): Promise<LintReport> {
  await loadParser()
  const findings: LintFinding[] = []
  let scripts = 0
  const disabled = new Set(options.disable ?? [])
  for (const m of set.migrations) {
    const created = new Set<string>()
    findings.push(...lintScript(m.up, options, created))
    scripts++
    if (options.includeDown === true && m.down !== undefined) {
      findings.push(...lintScript(m.down, options))
      scripts++
    }
    findings.push(...migrationFindings(m, set, disabled))
  }
  return report(findings, scripts)
}

/**
 * Lints loose SQL files, each as one migration that runs in a transaction unless it carries a
 * no-transaction marker.
 *
 * @example
 * const report = await lintFiles(['db/migrations/0042_add_index.sql'])
 */
export async function lintFiles(files: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  await loadParser()
  const findings: LintFinding[] = []
  for (const file of files) {
    const path = resolve(file)
    const sql = await readFile(path, 'utf8')
    findings.push(
      ...lintScript(
        { kind: 'script', sql, file: path, line: 1, transaction: !hasNoTransactionMarker(sql) },
        options,
      ),
    )
  }
  return report(findings, files.length)
}

function migrationFindings(m: Migration, set: MigrationSet, disabled: ReadonlySet<string>): LintFinding[] {
  const suppressions = readSuppressions(m.up.sql)
  return MIGRATION_RULES.filter(
    (rule) => !disabled.has(rule.id) && !suppressions.file.has(rule.id) && !suppressions.file.has('*'),
  ).flatMap((rule) =>
    rule.check(m, set).map((hit) => finding(rule.id, rule.severity, m.up, m.up.line, '', hit)),
  )
}

function finding(
  rule: string,
  severity: 'error' | 'warning',
  target: MigrationScript,
  line: number,
  text: string,
  hit: { message: string; fix: string },
): LintFinding {
  return Object.freeze({
    kind: 'lint-finding',
    rule,
    severity,
    file: target.file,
    line,
    message: hit.message,
    fix: hit.fix,
    statement: text.split('\n')[0]?.slice(0, 120) ?? '',
  })
}

function report(findings: LintFinding[], scripts: number): LintReport {
  findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1))
  return Object.freeze({
    kind: 'lint-report',
    ok: findings.length === 0,
    scripts,
    findings: Object.freeze(findings),
  })
}

/** Every rule id with its summary, for `--help` and docs. */
export function listRules(): { id: string; severity: string; summary: string }[] {
  return [...STATEMENT_RULES, ...MIGRATION_RULES].map((r) => ({
    id: r.id,
    severity: r.severity,
    summary: r.summary,
  }))
}
