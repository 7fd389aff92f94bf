/**
 * Matchers for `expect.extend()` in vitest (and jest): synchronous checks on a `SchemaModel` or
 * a `QueryPlan`, with the same have/want and Missing/Extra texts as `expectSchema()`.
 * No runtime import of vitest: this file only exports functions.
 * @module
 */
import {
  ownerIsCheck,
  type PrivilegeTarget,
  privilegesCheck,
  type RoleSpec,
  roleCheck,
} from './assert/access-checks.js'
import { renderProblems } from './assert/format.js'
import { type IndexSpec, indexCheck, indexedCheck } from './assert/index-checks.js'
import { type CatalogKind, existsCheck, namesAreCheck } from './assert/object-checks.js'
import { type Check, findTable, isProblem } from './assert/resolve.js'
import {
  enumCheck,
  extensionCheck,
  type FunctionSpec,
  functionCheck,
  matchesSnapshotCheck,
} from './assert/schema-checks.js'
import {
  type CheckSpec,
  type ColumnSpec,
  checkConstraintCheck,
  columnsCheck,
  type ForeignKeySpec,
  foreignKeyCheck,
  primaryKeyCheck,
  uniqueCheck,
} from './assert/table-checks.js'
import {
  type PolicySpec,
  partitionedCheck,
  policyCheck,
  type TriggerSpec,
  triggerCheck,
  triggersAreCheck,
} from './assert/table-extra-checks.js'
import type { DiffOptions } from './diff/change.js'
import type { OwnedObject, SchemaModel } from './model.js'
import { describePlan, type QueryPlan } from './plan/explain.js'
import { seqScans, usesIndex } from './plan/plan-checks.js'

/** What a matcher returns to the test runner. */
export interface MatcherResult {
  readonly pass: boolean
  readonly message: () => string
}

function fromCheck(received: unknown, check: Check): MatcherResult {
  if ((received as { kind?: unknown } | null)?.kind !== 'schema-model') {
    return { pass: false, message: () => 'expected a SchemaModel (from introspect() or readSnapshot())' }
  }
  const model = received as SchemaModel
  const problem = check.run(model)
  return {
    pass: problem === null,
    message: () =>
      problem === null
        ? `expected the schema not to satisfy: ${check.title}\n  have: present in ${check.locate?.(model) ?? 'the schema'}\n  want: absent`
        : renderProblems([problem], 1),
  }
}

function fromPlan(received: unknown, pass: (plan: QueryPlan) => boolean, want: string): MatcherResult {
  if ((received as { kind?: unknown } | null)?.kind !== 'query-plan') {
    return { pass: false, message: () => 'expected a QueryPlan (from explainQuery())' }
  }
  const plan = received as QueryPlan
  const ok = pass(plan)
  return {
    pass: ok,
    message: () =>
      `expected the plan ${ok ? 'not ' : ''}to ${want}\nplan:\n${describePlan(plan).replace(/^/gm, '  ')}`,
  }
}

/**
 * The matchers. Register once (e.g. in a vitest setup file) and declare their types.
 *
 * @example
 * import { expect } from 'vitest'
 * import { schemaMatchers, type SchemaMatchers } from 'pgtestbed/schema'
 * expect.extend(schemaMatchers)
 * declare module 'vitest' { interface Matchers<T = any> extends SchemaMatchers<T> {} }
 *
 * const model = await introspect(db)
 * expect(model).toHaveForeignKey('tb_run', { columns: ['fk_query'], references: 'tb_query', onDelete: 'cascade' })
 * expect(await explainQuery(db, 'SELECT * FROM tb_run WHERE id = 1')).not.toSeqScan('tb_run')
 */
export const schemaMatchers = {
  toHaveTable(received: unknown, name: string): MatcherResult {
    return fromCheck(received, {
      title: `table ${name}`,
      locate: (model) => {
        const found = findTable(model, name)
        return isProblem(found) ? name : `${found.schema}.${found.name}`
      },
      run: (model) => {
        const found = findTable(model, name)
        return isProblem(found) ? found : null
      },
    })
  },
  toHaveColumns(
    received: unknown,
    table: string,
    columns: readonly (string | ColumnSpec)[],
    options?: { exact?: boolean },
  ) {
    return fromCheck(received, columnsCheck(table, columns, options?.exact ?? false))
  },
  toHaveColumn(received: unknown, table: string, column: string, spec?: Omit<ColumnSpec, 'name'>) {
    return fromCheck(received, columnsCheck(table, [{ ...spec, name: column }], false, `column ${column}`))
  },
  toHavePrimaryKey(received: unknown, table: string, columns?: readonly string[]) {
    return fromCheck(received, primaryKeyCheck(table, columns))
  },
  toHaveUnique(received: unknown, table: string, columns?: readonly string[]) {
    return fromCheck(received, uniqueCheck(table, columns))
  },
  toHaveForeignKey(received: unknown, table: string, spec?: ForeignKeySpec) {
    return fromCheck(received, foreignKeyCheck(table, spec))
  },
  toBeIndexedOn(received: unknown, table: string, columns: readonly string[]) {
    return fromCheck(received, indexedCheck(table, columns, 'exact'))
  },
  toBeIndexedOnPrefix(received: unknown, table: string, columns: readonly string[]) {
    return fromCheck(received, indexedCheck(table, columns, 'prefix'))
  },
  toBeClusteredOn(received: unknown, table: string, index: string) {
    return fromCheck(received, indexCheck(table, { name: index, clustered: true }))
  },
  toHaveTrigger(received: unknown, table: string, name: string, spec?: TriggerSpec) {
    return fromCheck(received, triggerCheck(table, name, spec))
  },
  toHaveTriggers(received: unknown, table: string, names: readonly string[]) {
    return fromCheck(received, triggersAreCheck(table, names))
  },
  toHaveObject(received: unknown, kind: CatalogKind, name: string) {
    return fromCheck(received, existsCheck(kind, name))
  },
  toHaveExactly(
    received: unknown,
    kind: CatalogKind,
    names: readonly string[],
    options?: { schema?: string },
  ) {
    return fromCheck(received, namesAreCheck(kind, names, options))
  },
  toHaveEnum(received: unknown, name: string, labels: readonly string[]) {
    return fromCheck(received, enumCheck(name, labels))
  },
  toHaveFunction(received: unknown, name: string, spec?: FunctionSpec) {
    return fromCheck(received, functionCheck(name, spec))
  },
  toHaveExtension(received: unknown, name: string, version?: string) {
    return fromCheck(received, extensionCheck(name, version))
  },
  toHaveIndex(received: unknown, table: string, spec: string | IndexSpec) {
    return fromCheck(received, indexCheck(table, typeof spec === 'string' ? { name: spec } : spec))
  },
  toHaveCheck(received: unknown, table: string, spec?: string | CheckSpec) {
    return fromCheck(
      received,
      checkConstraintCheck(table, typeof spec === 'string' ? { expression: spec } : spec),
    )
  },
  toHavePolicy(received: unknown, table: string, name: string, spec?: PolicySpec) {
    return fromCheck(received, policyCheck(table, name, spec))
  },
  toBePartitioned(
    received: unknown,
    table: string,
    spec?: { strategy?: 'range' | 'list' | 'hash'; key?: string },
  ) {
    return fromCheck(received, partitionedCheck(table, spec ?? {}))
  },
  toHaveRole(received: unknown, name: string, spec?: RoleSpec) {
    return fromCheck(received, roleCheck(name, spec))
  },
  toHavePrivileges(received: unknown, target: PrivilegeTarget, role: string, privileges: readonly string[]) {
    return fromCheck(received, privilegesCheck(target, role, privileges))
  },
  toBeOwnedBy(received: unknown, object: OwnedObject, name: string | undefined, role: string) {
    return fromCheck(received, ownerIsCheck(object, name, role))
  },
  toMatchSchema(received: unknown, expected: string | SchemaModel, options?: DiffOptions) {
    return fromCheck(received, matchesSnapshotCheck(expected, options))
  },
  toUseIndex(received: unknown, name?: string) {
    return fromPlan(
      received,
      (p) => usesIndex(p, name),
      name === undefined ? 'use an index' : `use index ${name}`,
    )
  },
  toSeqScan(received: unknown, table?: string) {
    return fromPlan(
      received,
      (p) => seqScans(p, table),
      table === undefined ? 'have a sequential scan' : `seq-scan ${table}`,
    )
  },
}

/** Types of the matchers, to merge into vitest's `Matchers` (see `schemaMatchers`). */
export interface SchemaMatchers<R = unknown> {
  toHaveTable(name: string): R
  toHaveColumns(table: string, columns: readonly (string | ColumnSpec)[], options?: { exact?: boolean }): R
  /** pgTAP `has_column` (with `.not`: `hasnt_column`), with optional type, nullable, default, hasDefault. */
  toHaveColumn(table: string, column: string, spec?: Omit<ColumnSpec, 'name'>): R
  /** Without columns: any primary key (`has_pk`). */
  toHavePrimaryKey(table: string, columns?: readonly string[]): R
  /** Without columns: any unique constraint (`has_unique`). */
  toHaveUnique(table: string, columns?: readonly string[]): R
  /** Without spec: any foreign key (`has_fk`); `{ columns }`: `col_is_fk`. */
  toHaveForeignKey(table: string, spec?: ForeignKeySpec): R
  toHaveIndex(table: string, spec: string | IndexSpec): R
  /** Without spec: any check constraint (`has_check`). */
  toHaveCheck(table: string, spec?: string | CheckSpec): R
  /** pgTAP `is_indexed`: an index on exactly these keys. */
  toBeIndexedOn(table: string, columns: readonly string[]): R
  /** Some valid index starts with these keys. */
  toBeIndexedOnPrefix(table: string, columns: readonly string[]): R
  /** pgTAP `is_clustered`. */
  toBeClusteredOn(table: string, index: string): R
  /** pgTAP `has_trigger` / `trigger_is`. */
  toHaveTrigger(table: string, name: string, spec?: TriggerSpec): R
  /** pgTAP `triggers_are`. */
  toHaveTriggers(table: string, names: readonly string[]): R
  /** pgTAP `has_table`, `has_view`, `has_type`, `has_domain`, `has_enum`, `has_schema`, … */
  toHaveObject(kind: CatalogKind, name: string): R
  /** pgTAP `tables_are`, `enums_are`, `functions_are`, … (visible on the search_path, or in `schema`). */
  toHaveExactly(kind: CatalogKind, names: readonly string[], options?: { schema?: string }): R
  /** pgTAP `enum_has_labels`. */
  toHaveEnum(name: string, labels: readonly string[]): R
  /** pgTAP `has_function`, `function_returns`, `volatility_is`, … */
  toHaveFunction(name: string, spec?: FunctionSpec): R
  /** pgTAP `has_extension`. */
  toHaveExtension(name: string, version?: string): R
  toHavePolicy(table: string, name: string, spec?: PolicySpec): R
  toBePartitioned(table: string, spec?: { strategy?: 'range' | 'list' | 'hash'; key?: string }): R
  /** pgTAP `has_role`, `is_superuser`, `has_user`, `is_member_of` (`include: ['roles']`). */
  toHaveRole(name: string, spec?: RoleSpec): R
  /** pgTAP `table_privs_are`, `column_privs_are`, … (`include: ['privileges']`). */
  toHavePrivileges(target: PrivilegeTarget, role: string, privileges: readonly string[]): R
  /** pgTAP `*_owner_is` (`include: ['privileges']`). */
  toBeOwnedBy(object: OwnedObject, name: string | undefined, role: string): R
  toMatchSchema(expected: string | SchemaModel, options?: DiffOptions): R
  toUseIndex(name?: string): R
  toSeqScan(table?: string): R
}
