/**
 * The methods of an `expectSchema()` chain, built over an `add(check)` so the same methods serve
 * the chain and its `.not` (which adds the negated check).
 * @module
 */
import type { DiffOptions } from '../diff/change.js'
import type { OwnedObject, SchemaModel } from '../model.js'
import {
  ownerIsCheck,
  type PrivilegeTarget,
  privilegesCheck,
  type RoleSpec,
  roleCheck,
  rolesAreCheck,
} from './access-checks.js'
import {
  foreignKeysIndexedCheck,
  type IndexSpec,
  indexCheck,
  indexedCheck,
  indexesAreCheck,
} from './index-checks.js'
import { type CatalogKind, domainTypeCheck, existsCheck, namesAreCheck } from './object-checks.js'
import type { Check } from './resolve.js'
import {
  allValidCheck,
  enumCheck,
  everyTableHasPrimaryKeyCheck,
  extensionCheck,
  type FunctionSpec,
  functionCheck,
  matchesSnapshotCheck,
  schemasAreCheck,
  sequenceCheck,
  tablesAreCheck,
  viewsAreCheck,
} from './schema-checks.js'
import {
  type CheckSpec,
  type ColumnSpec,
  checkConstraintCheck,
  columnsCheck,
  exclusionCheck,
  type ForeignKeySpec,
  foreignKeyCheck,
  noPrimaryKeyCheck,
  primaryKeyCheck,
  uniqueCheck,
} from './table-checks.js'
import {
  grantsCheck,
  ownerCheck,
  type PolicySpec,
  partitionedCheck,
  partitionOfCheck,
  partitionsCheck,
  policiesAreCheck,
  policyCheck,
  rowLevelSecurityCheck,
  type TablePrivilege,
  type TriggerSpec,
  triggerCheck,
  triggersAreCheck,
} from './table-extra-checks.js'

/** Options of the exact-set checks: a schema, or (default) what is visible on the search_path. */
export interface SetOptions {
  readonly schema?: string
}

/** Whole-schema checks; each returns `R` (the chain) to go on. */
export interface SchemaChecks<R> {
  /** Exactly these tables on the search_path (or in `schema`); `exact: false` only reports missing ones. */
  tables(names: readonly string[], options?: { schema?: string; exact?: boolean }): R
  /** Exactly these views (`materialized: true`: materialized views) in `schema` (default `public`). */
  views(names: readonly string[], options?: { schema?: string; materialized?: boolean }): R
  /** Exactly these schemas (pgTAP `schemas_are`). */
  schemas(names: readonly string[]): R
  /** An enum with exactly these labels in this order (pgTAP `enum_has_labels`). */
  enum(name: string, labels: readonly string[]): R
  function(name: string, spec?: FunctionSpec): R
  extension(name: string, version?: string): R
  sequence(name: string): R
  /** `name` (resolved on the search_path) or `schema.name` exists as a `kind` (pgTAP `has_*`). */
  has(kind: CatalogKind, name: string): R
  /** Exactly these `kind`s by name (pgTAP `*_are`), in `schema` or visible on the search_path. */
  objectsAre(kind: CatalogKind, names: readonly string[], options?: SetOptions): R
  /** A domain over this base type, alias-normalized (pgTAP `domain_type_is`). */
  domain(name: string, baseType: string): R
  /** pgTAP `enums_are`. */
  enumsAre(names: readonly string[], options?: SetOptions): R
  /** pgTAP `domains_are`. */
  domainsAre(names: readonly string[], options?: SetOptions): R
  /** pgTAP `types_are` (enums, domains, composite and range types). */
  typesAre(names: readonly string[], options?: SetOptions): R
  /** pgTAP `sequences_are`. */
  sequencesAre(names: readonly string[], options?: SetOptions): R
  /** pgTAP `functions_are` (names; overloads count once). */
  functionsAre(names: readonly string[], options?: SetOptions): R
  /** pgTAP `extensions_are`. */
  extensionsAre(names: readonly string[]): R
  /** pgTAP `materialized_views_are`. */
  materializedViewsAre(names: readonly string[], options?: SetOptions): R
  /** No NOT VALID constraints and no invalid indexes left behind. */
  allValid(): R
  everyTableHasPrimaryKey(options?: { except?: readonly string[] }): R
  /** Equal to a snapshot (file, text or model) under diff options. */
  matchesSnapshot(snapshot: string | SchemaModel, options?: DiffOptions): R
  /**
   * The role exists (pgTAP `has_role`), with these attributes (`is_superuser`, `has_user` for
   * `login`, `is_member_of` for `memberOf`). Needs `include: ['roles']`.
   */
  role(name: string, spec?: RoleSpec): R
  /** Exactly these roles, `pg_*` left out (pgTAP `roles_are`). Needs `include: ['roles']`. */
  rolesAre(names: readonly string[]): R
  /**
   * Exactly these effective privileges of `role` on a table, column, sequence, function, schema
   * or the database (pgTAP `table_privs_are`, `column_privs_are`, …). Needs `include: ['privileges']`.
   */
  privileges(target: PrivilegeTarget, role: string, privileges: readonly string[]): R
  /** The owner of an object of any kind (pgTAP `*_owner_is`). Needs `include: ['privileges']`. */
  ownerIs(object: OwnedObject, name: string | undefined, role: string): R
}

/** Checks on one table; each returns `R` (the chain) to go on. */
export interface TableChecks<R> {
  /** Has these columns (names or specs with type, nullable, default, …); `exact` also reports extra ones. */
  toHaveColumns(columns: readonly (string | ColumnSpec)[], options?: { exact?: boolean }): R
  /** Exactly these columns (pgTAP `columns_are`). */
  columnsAre(columns: readonly (string | ColumnSpec)[]): R
  /** The column exists (pgTAP `has_column`), with what `spec` says (type, nullable, default, hasDefault, …). */
  column(name: string, spec?: Omit<ColumnSpec, 'name'>): R
  /** A primary key on exactly these columns; without columns, any primary key (pgTAP `has_pk`). */
  primaryKey(columns?: readonly string[]): R
  noPrimaryKey(): R
  /** A unique constraint (or full unique index) on these columns; without columns, any (`has_unique`). */
  unique(columns?: readonly string[], options?: { nullsNotDistinct?: boolean }): R
  /** A foreign key; `{ columns }` alone is `col_is_fk`, no spec is `has_fk`. */
  foreignKey(spec?: ForeignKeySpec): R
  /** A check constraint, by expression (`'price > 0'`) or by name/expression/columns; none: any. */
  check(spec?: string | CheckSpec): R
  exclusion(spec: { name?: string; definition?: string }): R
  /** An index, by name or by spec (columns, method, unique, primary, clustered, predicate, include). */
  index(spec: string | IndexSpec): R
  indexesAre(names: readonly string[]): R
  /** An index on exactly these key columns/expressions, in order (pgTAP `is_indexed`). */
  indexedOn(columns: readonly string[]): R
  /** Some valid index starts with these columns (a lookup on them can use it). */
  indexedOnPrefix(columns: readonly string[]): R
  /** The table is clustered on this index (pgTAP `is_clustered`). */
  clusteredOn(index: string): R
  foreignKeysIndexed(): R
  partitioned(spec?: { strategy?: 'range' | 'list' | 'hash'; key?: string }): R
  partitions(names: readonly string[]): R
  partitionOf(parent: string, bound?: string): R
  rowLevelSecurity(spec?: { enabled?: boolean; forced?: boolean }): R
  policiesAre(names: readonly string[]): R
  policy(name: string, spec?: PolicySpec): R
  trigger(name: string, spec?: TriggerSpec): R
  /** Exactly these triggers (pgTAP `triggers_are`). */
  triggersAre(names: readonly string[]): R
  /** The owner role (introspect with `privileges: true`). */
  owner(role: string): R
  /** Exactly these privileges for `role` (`public` for PUBLIC; introspect with `privileges: true`). */
  grants(role: string, privileges: readonly TablePrivilege[]): R
}

/** The schema-level methods over `add`. */
export function schemaMethods<R>(add: (check: Check) => R): SchemaChecks<R> {
  return {
    tables: (names, o) => add(tablesAreCheck(names, o)),
    views: (names, o) => add(viewsAreCheck(names, o)),
    schemas: (names) => add(schemasAreCheck(names)),
    enum: (name, labels) => add(enumCheck(name, labels)),
    function: (name, spec) => add(functionCheck(name, spec)),
    extension: (name, version) => add(extensionCheck(name, version)),
    sequence: (name) => add(sequenceCheck(name)),
    has: (kind, name) => add(existsCheck(kind, name)),
    objectsAre: (kind, names, o) => add(namesAreCheck(kind, names, o)),
    domain: (name, baseType) => add(domainTypeCheck(name, baseType)),
    enumsAre: (names, o) => add(namesAreCheck('enum', names, o)),
    domainsAre: (names, o) => add(namesAreCheck('domain', names, o)),
    typesAre: (names, o) => add(namesAreCheck('type', names, o)),
    sequencesAre: (names, o) => add(namesAreCheck('sequence', names, o)),
    functionsAre: (names, o) => add(namesAreCheck('function', names, o)),
    extensionsAre: (names) => add(namesAreCheck('extension', names)),
    materializedViewsAre: (names, o) => add(namesAreCheck('materialized view', names, o)),
    allValid: () => add(allValidCheck()),
    everyTableHasPrimaryKey: (o) => add(everyTableHasPrimaryKeyCheck(o)),
    matchesSnapshot: (snapshot, o) => add(matchesSnapshotCheck(snapshot, o)),
    role: (name, spec) => add(roleCheck(name, spec)),
    rolesAre: (names) => add(rolesAreCheck(names)),
    privileges: (target, role, privileges) => add(privilegesCheck(target, role, privileges)),
    ownerIs: (object, name, role) => add(ownerIsCheck(object, name, role)),
  }
}

/** The methods on table `name` over `add`. */
export function tableMethods<R>(name: string, add: (check: Check) => R): TableChecks<R> {
  return {
    toHaveColumns: (columns, o) => add(columnsCheck(name, columns, o?.exact ?? false)),
    columnsAre: (columns) => add(columnsCheck(name, columns, true)),
    column: (column, spec) => add(columnsCheck(name, [{ ...spec, name: column }], false, `column ${column}`)),
    primaryKey: (columns) => add(primaryKeyCheck(name, columns)),
    noPrimaryKey: () => add(noPrimaryKeyCheck(name)),
    unique: (columns, o) => add(uniqueCheck(name, columns, o)),
    foreignKey: (spec) => add(foreignKeyCheck(name, spec)),
    check: (spec) => add(checkConstraintCheck(name, typeof spec === 'string' ? { expression: spec } : spec)),
    exclusion: (spec) => add(exclusionCheck(name, spec)),
    index: (spec) => add(indexCheck(name, typeof spec === 'string' ? { name: spec } : spec)),
    indexesAre: (names) => add(indexesAreCheck(name, names)),
    indexedOn: (columns) => add(indexedCheck(name, columns, 'exact')),
    indexedOnPrefix: (columns) => add(indexedCheck(name, columns, 'prefix')),
    clusteredOn: (index) => add(indexCheck(name, { name: index, clustered: true })),
    foreignKeysIndexed: () => add(foreignKeysIndexedCheck(name)),
    partitioned: (spec) => add(partitionedCheck(name, spec ?? {})),
    partitions: (names) => add(partitionsCheck(name, names)),
    partitionOf: (parent, bound) => add(partitionOfCheck(name, parent, bound)),
    rowLevelSecurity: (spec) => add(rowLevelSecurityCheck(name, spec ?? { enabled: true })),
    policiesAre: (names) => add(policiesAreCheck(name, names)),
    policy: (policy, spec) => add(policyCheck(name, policy, spec)),
    trigger: (trigger, spec) => add(triggerCheck(name, trigger, spec)),
    triggersAre: (names) => add(triggersAreCheck(name, names)),
    owner: (role) => add(ownerCheck(name, role)),
    grants: (role, privileges) => add(grantsCheck(name, role, privileges)),
  }
}
