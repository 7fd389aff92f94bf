/**
 * The lint model: rules, the context they see, and findings (plain data).
 * @module
 */
import type { AstNode } from '../../sql/index.js'

/** One finding: which rule, where, why it is dangerous and the safe rewrite. */
export interface LintFinding {
  readonly kind: 'lint-finding'
  readonly rule: string
  readonly severity: 'error' | 'warning'
  readonly file: string
  readonly line: number
  /** Why the statement is dangerous. */
  readonly message: string
  /** The safe rewrite. */
  readonly fix: string
  /** The statement's first line, for context. */
  readonly statement: string
  /** What the `locks` check measured for this statement, when it ran (see `linkLockEvidence`). */
  readonly evidence?: readonly string[]
}

/** What a statement-level rule sees. */
export interface LintStatement {
  /** AST node type, e.g. `IndexStmt`. */
  readonly type: string
  /** The node's fields. */
  readonly node: AstNode
  readonly text: string
  /** 1-based line in the file. */
  readonly line: number
}

/** What a rule knows about the script around the statement. */
export interface LintContext {
  /** Tables created earlier in the same migration (lower-case, unqualified): no lock worries there. */
  readonly createdTables: ReadonlySet<string>
  /** True when the runner wraps the script in a transaction, or an explicit BEGIN is open. */
  readonly inTransaction: boolean
  /** True when the runner itself wraps the script in a transaction. */
  readonly runnerTransaction: boolean
  /** True once `SET lock_timeout` ran earlier in the script (or in the before-each hook). */
  readonly lockTimeoutSet: boolean
  /** Major version of the PostgreSQL the migrations target (default 17). */
  readonly pgVersion: number
}

/** A rule's verdict on one statement: zero or more hits. */
export interface RuleHit {
  readonly message: string
  readonly fix: string
}

/**
 * A lint rule: an id, a one-line summary and a check of one statement in context.
 *
 * @example
 * const rule: LintRule = { id: 'ban-drop-database', severity: 'error', summary: '…', check: (s) => [] }
 */
export interface LintRule {
  readonly id: string
  readonly severity: 'error' | 'warning'
  readonly summary: string
  check(statement: LintStatement, context: LintContext): readonly RuleHit[]
}
