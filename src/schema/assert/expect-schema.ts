/**
 * `expectSchema()`: fluent schema assertions. Calls only collect checks; awaiting the chain
 * introspects once, runs every check and rejects with all failures in one report.
 * @module
 */
import type { DatabaseInput } from '../connect.js'
import type { DiffOptions } from '../diff/change.js'
import { type IntrospectOptions, introspect } from '../introspect/introspect.js'
import type { SchemaModel } from '../model.js'
import { type Problem, renderProblems } from './format.js'
import {
  foreignKeysIndexedCheck,
  type IndexSpec,
  indexCheck,
  indexedCheck,
  indexesAreCheck,
} from './index-checks.js'
import type { Check } from './resolve.js'
import { findTable, isProblem } from './resolve.js'
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
} from './table-extra-checks.js'

/**
 * Thrown when awaited expectations fail; `problems` holds each failure as data.
 *
 * @example
 * await expectSchema(db).tables(['users']).catch((err) => {
 *   if (err instanceof SchemaAssertionError) console.log(err.problems.map((p) => p.title))
 * })
 */
export class SchemaAssertionError extends Error {
  readonly problems: readonly Problem[]

  constructor(problems: readonly Problem[], total: number) {
    super(renderProblems(problems, total))
    this.name = 'SchemaAssertionError'
    this.problems = problems
  }
}

/** Whole-schema expectations; awaiting resolves to the model when all hold. */
export interface SchemaExpectation extends PromiseLike<SchemaModel> {
  /** Switches to expectations on one table (`users` or `app.users`); the table must exist. */
  table(name: string): TableExpectation
  /** Exactly these tables in `schema` (default `public`); `exact: false` only reports missing ones. */
  tables(names: readonly string[], options?: { schema?: string; exact?: boolean }): SchemaExpectation
  views(names: readonly string[], options?: { schema?: string; materialized?: boolean }): SchemaExpectation
  schemas(names: readonly string[]): SchemaExpectation
  /** An enum with exactly these labels in this order. */
  enum(name: string, labels: readonly string[]): SchemaExpectation
  function(name: string, spec?: FunctionSpec): SchemaExpectation
  extension(name: string, version?: string): SchemaExpectation
  sequence(name: string): SchemaExpectation
  /** No NOT VALID constraints and no invalid indexes left behind. */
  allValid(): SchemaExpectation
  everyTableHasPrimaryKey(options?: { except?: readonly string[] }): SchemaExpectation
  /** Equal to a snapshot (file, text or model) under diff options. */
  matchesSnapshot(snapshot: string | SchemaModel, options?: DiffOptions): SchemaExpectation
}

/** Expectations on one table; every schema-level method stays available. */
export interface TableExpectation extends SchemaExpectation {
  /** Has these columns (names or specs with type, nullable, default, …); `exact` also reports extra ones. */
  toHaveColumns(columns: readonly (string | ColumnSpec)[], options?: { exact?: boolean }): TableExpectation
  /** Exactly these columns (pgTAP `columns_are`). */
  columnsAre(columns: readonly (string | ColumnSpec)[]): TableExpectation
  column(name: string, spec: Omit<ColumnSpec, 'name'>): TableExpectation
  primaryKey(columns: readonly string[]): TableExpectation
  noPrimaryKey(): TableExpectation
  unique(columns: readonly string[], options?: { nullsNotDistinct?: boolean }): TableExpectation
  foreignKey(spec: ForeignKeySpec): TableExpectation
  /** A check constraint, by expression (`'price > 0'`) or by name/expression/columns. */
  check(spec: string | CheckSpec): TableExpectation
  exclusion(spec: { name?: string; definition?: string }): TableExpectation
  /** An index, by name or by spec (columns, method, unique, predicate, include). */
  index(spec: string | IndexSpec): TableExpectation
  indexesAre(names: readonly string[]): TableExpectation
  /** An index on exactly these key columns/expressions, in order (pgTAP `is_indexed`). */
  indexedOn(columns: readonly string[]): TableExpectation
  /** Some valid index starts with these columns (a lookup on them can use it). */
  indexedOnPrefix(columns: readonly string[]): TableExpectation
  foreignKeysIndexed(): TableExpectation
  partitioned(spec?: { strategy?: 'range' | 'list' | 'hash'; key?: string }): TableExpectation
  partitions(names: readonly string[]): TableExpectation
  partitionOf(parent: string, bound?: string): TableExpectation
  rowLevelSecurity(spec?: { enabled?: boolean; forced?: boolean }): TableExpectation
  policiesAre(names: readonly string[]): TableExpectation
  policy(name: string, spec?: PolicySpec): TableExpectation
  trigger(name: string, spec?: TriggerSpec): TableExpectation
  /** The owner role (introspect with `privileges: true`). */
  owner(role: string): TableExpectation
  /** Exactly these privileges for `role` (`public` for PUBLIC; introspect with `privileges: true`). */
  grants(role: string, privileges: readonly TablePrivilege[]): TableExpectation
}

/**
 * Runs checks against a model; the problems, deduplicated (a missing table is reported once).
 *
 * @example
 * const problems = runChecks(model, [primaryKeyCheck('users', ['id'])])
 */
export function runChecks(model: SchemaModel, checks: readonly Check[]): Problem[] {
  const seen = new Set<string>()
  const problems: Problem[] = []
  for (const check of checks) {
    const problem = check.run(model)
    if (problem === null) continue
    const key = JSON.stringify(problem)
    if (seen.has(key)) continue
    seen.add(key)
    problems.push(problem)
  }
  return problems
}

function isModel(value: unknown): value is SchemaModel {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'schema-model'
}

/**
 * Starts a chain of schema expectations on a database (connection or URL) or a model.
 *
 * @example
 * await expectSchema(db)
 *   .table('tb_query').toHaveColumns(['pk_query', { name: 'name', type: 'varchar(64)', nullable: false }])
 *   .primaryKey(['pk_query']).unique(['name'])
 *   .index({ columns: ['tags'], method: 'gin' })
 *   .table('tb_run').foreignKey({ columns: ['fk_query'], references: 'tb_query', onDelete: 'cascade' })
 */
export function expectSchema(
  db: DatabaseInput | SchemaModel,
  options: IntrospectOptions = {},
): SchemaExpectation {
  const checks: Check[] = []
  let result: Promise<SchemaModel> | undefined
  const evaluate = (): Promise<SchemaModel> => {
    result ??= (async () => {
      const model = isModel(db) ? db : await introspect(db, options)
      const problems = runChecks(model, checks)
      if (problems.length > 0) throw new SchemaAssertionError(problems, checks.length)
      return model
    })()
    return result
  }

  const schema: SchemaExpectation = {
    // biome-ignore lint/suspicious/noThenProperty: the chain is awaited like a promise on purpose
    then: (onFulfilled, onRejected) => evaluate().then(onFulfilled, onRejected),
    table: (name) => tableExpectation(name),
    tables: (names, o) => add(tablesAreCheck(names, o)),
    views: (names, o) => add(viewsAreCheck(names, o)),
    schemas: (names) => add(schemasAreCheck(names)),
    enum: (name, labels) => add(enumCheck(name, labels)),
    function: (name, spec) => add(functionCheck(name, spec)),
    extension: (name, version) => add(extensionCheck(name, version)),
    sequence: (name) => add(sequenceCheck(name)),
    allValid: () => add(allValidCheck()),
    everyTableHasPrimaryKey: (o) => add(everyTableHasPrimaryKeyCheck(o)),
    matchesSnapshot: (snapshot, o) => add(matchesSnapshotCheck(snapshot, o)),
  }
  function add(check: Check): SchemaExpectation {
    checks.push(check)
    return schema
  }

  function tableExpectation(name: string): TableExpectation {
    checks.push({
      title: `table ${name}`,
      run: (model) => {
        const found = findTable(model, name)
        return isProblem(found) ? found : null
      },
    })
    const table: TableExpectation = {
      ...schema,
      toHaveColumns: (columns, o) => also(columnsCheck(name, columns, o?.exact ?? false)),
      columnsAre: (columns) => also(columnsCheck(name, columns, true)),
      column: (column, spec) => also(columnsCheck(name, [{ ...spec, name: column }], false)),
      primaryKey: (columns) => also(primaryKeyCheck(name, columns)),
      noPrimaryKey: () => also(noPrimaryKeyCheck(name)),
      unique: (columns, o) => also(uniqueCheck(name, columns, o)),
      foreignKey: (spec) => also(foreignKeyCheck(name, spec)),
      check: (spec) =>
        also(checkConstraintCheck(name, typeof spec === 'string' ? { expression: spec } : spec)),
      exclusion: (spec) => also(exclusionCheck(name, spec)),
      index: (spec) => also(indexCheck(name, typeof spec === 'string' ? { name: spec } : spec)),
      indexesAre: (names) => also(indexesAreCheck(name, names)),
      indexedOn: (columns) => also(indexedCheck(name, columns, 'exact')),
      indexedOnPrefix: (columns) => also(indexedCheck(name, columns, 'prefix')),
      foreignKeysIndexed: () => also(foreignKeysIndexedCheck(name)),
      partitioned: (spec) => also(partitionedCheck(name, spec ?? {})),
      partitions: (names) => also(partitionsCheck(name, names)),
      partitionOf: (parent, bound) => also(partitionOfCheck(name, parent, bound)),
      rowLevelSecurity: (spec) => also(rowLevelSecurityCheck(name, spec ?? { enabled: true })),
      policiesAre: (names) => also(policiesAreCheck(name, names)),
      policy: (policy, spec) => also(policyCheck(name, policy, spec)),
      trigger: (trigger, spec) => also(triggerCheck(name, trigger, spec)),
      owner: (role) => also(ownerCheck(name, role)),
      grants: (role, privileges) => also(grantsCheck(name, role, privileges)),
    }
    function also(check: Check): TableExpectation {
      checks.push(check)
      return table
    }
    return table
  }

  return schema
}
