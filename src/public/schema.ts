/**
 * `pgtestbed/schema`: introspection, snapshots, diffs, assertions and plan assertions
 * (docs/schema.md).
 *
 * @example
 * import { expectSchema, introspect, toSnapshot } from 'pgtestbed/schema'
 * const snapshot = toSnapshot(await introspect(db))
 * await expectSchema(db).table('users').primaryKey(['id'])
 * @module
 */

// Errors
// pgTAP's vocabulary beyond the catalog: roles and privileges, and results of queries
export type {
  AccessModel,
  CatalogKind,
  CheckConstraint,
  Column,
  CompositeType,
  Deferrable,
  DomainType,
  EnumType,
  ExclusionConstraint,
  Extension,
  ForeignKey,
  ForeignKeyAction,
  Index,
  IndexElement,
  IntrospectExtra,
  ObjectPrivileges,
  OwnedObject,
  Ownership,
  Partitioning,
  Policy,
  PrimaryKey,
  PrivilegeObject,
  Privileges,
  PrivilegeTarget,
  RangeType,
  Role,
  RoleSpec,
  Routine,
  SchemaChecks,
  SchemaInfo,
  SchemaModel,
  Sequence,
  SetOptions,
  Table,
  TableChecks,
  Trigger,
  TriggerEvent,
  TypeDef,
  UniqueConstraint,
  View,
} from '../schema/index.js'
// Introspection: the model (frozen plain data, every object tagged with `kind`)
// Snapshots and sources
// Diffs
// Assertions
// Plan assertions
// Matchers for vitest and jest (`pgtestbed/schema/vitest` registers them)
export {
  bagEq,
  type ChangeAction,
  type CheckSpec,
  type ColumnSpec,
  type DatabaseInput,
  type DiffOptions,
  diffSchemas,
  type ExpectedError,
  type ExplainOptions,
  expectQuery,
  expectSchema,
  explainQuery,
  type ForeignKeySpec,
  type FunctionSpec,
  hasNode,
  INTROSPECTION_QUERY_COUNT,
  type IndexSpec,
  type IntrospectOptions,
  introspect,
  type LoadSchemaOptions,
  livesOk,
  loadSchema,
  type MatcherResult,
  MODEL_VERSION,
  type ObjectKind,
  PlanAssertionError,
  type PlanNode,
  type PolicySpec,
  type Problem,
  type QueryExpectation,
  type QueryPlan,
  ResultAssertionError,
  type ResultMatchers,
  type Risk,
  type RowsInput,
  readSnapshot,
  resultMatchers,
  resultsEq,
  rowCountIs,
  SchemaAssertionError,
  type SchemaChange,
  SchemaError,
  type SchemaExpectation,
  type SchemaMatchers,
  schemaMatchers,
  seqScans,
  setEq,
  setHas,
  summarizeChanges,
  type TableExpectation,
  type TablePrivilege,
  type TriggerSpec,
  throwsOk,
  toSnapshot,
  usesIndex,
} from '../schema/index.js'
