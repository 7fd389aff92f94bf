/**
 * Schema introspection, snapshots, diffs and assertions: `pgtestbed/schema`.
 * @module
 */

export type { PrivilegeTarget, RoleSpec } from './assert/access-checks.js'
export type { SchemaChecks, SetOptions, TableChecks } from './assert/chain-methods.js'
export {
  expectSchema,
  runChecks,
  SchemaAssertionError,
  type SchemaExpectation,
  type TableExpectation,
} from './assert/expect-schema.js'
export type { Problem } from './assert/format.js'
export { sameIdentifier, sameType } from './assert/identifiers.js'
export type { IndexSpec } from './assert/index-checks.js'
export { normalizeExpression, normalizeType, sameExpression } from './assert/normalize-text.js'
export type { CatalogKind } from './assert/object-checks.js'
export type { FunctionSpec } from './assert/schema-checks.js'
export type { CheckSpec, ColumnSpec, ForeignKeySpec } from './assert/table-checks.js'
export type { PolicySpec, TablePrivilege, TriggerSpec } from './assert/table-extra-checks.js'
export type { DatabaseInput } from './connect.js'
export type { ChangeAction, DiffOptions, ObjectKind, Risk, SchemaChange } from './diff/change.js'
export { diffSchemas, summarizeChanges } from './diff/diff-schemas.js'
export type { IntrospectExtra } from './introspect/access.js'
export { INTROSPECTION_QUERY_COUNT, type IntrospectOptions, introspect } from './introspect/introspect.js'
export { type MatcherResult, type SchemaMatchers, schemaMatchers } from './matchers.js'
export type * from './model.js'
export { MODEL_VERSION, qualifiedName } from './model.js'
export { withoutGeneratedSuffixes, withoutIgnored } from './normalize.js'
export { expectQuery, PlanAssertionError, type QueryExpectation } from './plan/expect-query.js'
export {
  describePlan,
  type ExplainOptions,
  explainQuery,
  type PlanNode,
  type QueryPlan,
} from './plan/explain.js'
export { hasNode, seqScans, usesIndex } from './plan/plan-checks.js'
export { type ResultMatchers, resultMatchers } from './results/result-matchers.js'
export {
  bagEq,
  type ExpectedError,
  livesOk,
  ResultAssertionError,
  resultsEq,
  rowCountIs,
  setEq,
  setHas,
  throwsOk,
} from './results/results.js'
export type { RowComparison, RowsInput } from './results/rows.js'
export { SchemaError } from './schema-error.js'
export { readSnapshot, toSnapshot } from './snapshot.js'
export { type ApplySqlOptions, schemaOfSqlFile } from './source/apply-sql.js'
export { stripDumpNoise } from './source/dump-noise.js'
export {
  type LoadSchemaOptions,
  loadSchema,
  type SchemaSourceKind,
  sourceKind,
} from './source/load-schema.js'
export { type ScratchSchemaOptions, schemaAfter } from './source/scratch-schema.js'
