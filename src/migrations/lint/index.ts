/** The migration linter's door. */
export { evidenceLines, linkLockEvidence } from './evidence.js'
export {
  type LintOptions,
  type LintReport,
  lintFiles,
  lintMigrations,
  lintScript,
  listRules,
} from './lint.js'
export type { LintContext, LintFinding, LintRule, LintStatement, RuleHit } from './types.js'
