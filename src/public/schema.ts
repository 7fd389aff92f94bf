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
export type {
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
  Partitioning,
  Policy,
  PrimaryKey,
  Privileges,
  RangeType,
  Routine,
  SchemaInfo,
  SchemaModel,
  Sequence,
  Table,
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
  type ChangeAction,
  type CheckSpec,
  type ColumnSpec,
  type DatabaseInput,
  type DiffOptions,
  diffSchemas,
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
  type Risk,
  readSnapshot,
  SchemaAssertionError,
  type SchemaChange,
  SchemaError,
  type SchemaExpectation,
  type SchemaMatchers,
  schemaMatchers,
  seqScans,
  summarizeChanges,
  type TableExpectation,
  type TablePrivilege,
  type TriggerSpec,
  toSnapshot,
  usesIndex,
} from '../schema/index.js'
