/**
 * The linter reads SQL; the `locks` check runs it on data. Where both looked at the same
 * statement (same file, same line), the finding carries what the check measured: the locks the
 * statement took and how long it held them, and the tables it rewrote. A finding the
 * measurement contradicts (no lock worth the name, no rewrite) is then easy to judge.
 * @module
 */
import { resolve } from 'node:path'
import type { MigrationLockReport, StatementEvidence } from '../harness/check-locks.js'
import type { LintReport } from './lint.js'

/** One readable line per measured lock or rewrite of a statement. */
export function evidenceLines(statement: StatementEvidence): string[] {
  const lines = statement.rewrites.map((r) => `rewrote ${r.table} (~${r.rows} rows, ${r.bytes} bytes)`)
  for (const l of statement.locks)
    lines.push(
      `${l.mode} on ${l.table} (~${l.rows} rows) held ${l.heldMs.toFixed(1)} ms${l.waited === true ? ', waited' : ''}`,
    )
  if (lines.length === 0) lines.push('took no table lock and rewrote nothing')
  return [...lines, `ran ${statement.ms.toFixed(1)} ms`]
}

/**
 * The report with each finding that the locks check also measured given its `evidence`.
 *
 * @example
 * const locks = (await testMigrations(set, { server, checks: ['locks'] })).checks.locks?.locks ?? []
 * const linked = linkLockEvidence(await lintMigrations(set), locks)
 * for (const f of linked.findings) console.log(f.rule, f.evidence ?? 'not measured')
 */
export function linkLockEvidence(report: LintReport, locks: readonly MigrationLockReport[]): LintReport {
  const measured = new Map<string, StatementEvidence>()
  for (const m of locks) for (const s of m.statements) measured.set(`${resolve(m.file)}:${s.line}`, s)
  return {
    ...report,
    findings: report.findings.map((f) => {
      const statement = measured.get(`${resolve(f.file)}:${f.line}`)
      return statement === undefined ? f : { ...f, evidence: evidenceLines(statement) }
    }),
  }
}
