/**
 * `expectSchema()`: fluent schema assertions. Calls only collect checks; awaiting the chain
 * introspects once, runs every check and rejects with all failures in one report. `.not` negates
 * the next check (pgTAP's `hasnt_*`).
 * @module
 */
import type { DatabaseInput } from '../connect.js'
import { type IntrospectOptions, introspect } from '../introspect/introspect.js'
import type { SchemaModel } from '../model.js'
import { type SchemaChecks, schemaMethods, type TableChecks, tableMethods } from './chain-methods.js'
import { type Problem, renderProblems } from './format.js'
import { existsCheck, negate } from './object-checks.js'
import type { Check } from './resolve.js'
import { findTable, isProblem } from './resolve.js'

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
export interface SchemaExpectation extends PromiseLike<SchemaModel>, SchemaChecks<SchemaExpectation> {
  /** Switches to expectations on one table (`users` or `app.users`); the table must exist. */
  table(name: string): TableExpectation
  /** Negates the next check: `.not.table('old')` (pgTAP `hasnt_table`), `.not.has('view', 'v')`. */
  readonly not: SchemaChecks<SchemaExpectation> & { table(name: string): SchemaExpectation }
}

/** Expectations on one table; every schema-level method stays available. */
export interface TableExpectation extends SchemaExpectation, TableChecks<TableExpectation> {
  /**
   * Negates the next check: `.not.column('legacy')` (`hasnt_column`), `.not.primaryKey()`
   * (`hasnt_pk`), `.not.foreignKey()` (`hasnt_fk`), `.not.index('idx')` (`hasnt_index`), …
   */
  readonly not: SchemaChecks<SchemaExpectation> &
    TableChecks<TableExpectation> & { table(name: string): SchemaExpectation }
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

  const add = (check: Check): SchemaExpectation => {
    checks.push(check)
    return schema
  }
  const addNot = (check: Check): SchemaExpectation => add(negate(check))
  const not = { ...schemaMethods(addNot), table: (name: string) => addNot(existsCheck('table', name)) }
  const schema: SchemaExpectation = {
    // biome-ignore lint/suspicious/noThenProperty: the chain is awaited like a promise on purpose
    then: (onFulfilled, onRejected) => evaluate().then(onFulfilled, onRejected),
    table: (name) => tableExpectation(name),
    not,
    ...schemaMethods(add),
  }

  function tableExpectation(name: string): TableExpectation {
    checks.push({
      title: `table ${name}`,
      run: (model) => {
        const found = findTable(model, name)
        return isProblem(found) ? found : null
      },
    })
    const also = (check: Check): TableExpectation => {
      checks.push(check)
      return table
    }
    const alsoNot = (check: Check): TableExpectation => also(negate(check))
    const table: TableExpectation = {
      ...schema,
      ...tableMethods(name, also),
      not: { ...not, ...tableMethods(name, alsoNot) },
    }
    return table
  }

  return schema
}
