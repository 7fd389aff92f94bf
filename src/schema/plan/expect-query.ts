/**
 * `expectQuery()`: plan assertions from EXPLAIN, so performance expectations never depend on
 * wall-clock time.
 * @module
 */
import type { DatabaseInput } from '../connect.js'
import { describePlan, type ExplainOptions, explainQuery, type QueryPlan } from './explain.js'
import { hasNode, seqScans, usesIndex } from './plan-checks.js'

/**
 * Thrown when a plan expectation fails; the message shows the whole plan.
 *
 * @example
 * await expectQuery(db, sql).toUseIndex('idx').catch((err) => {
 *   if (err instanceof PlanAssertionError) console.log(err.plan.nodes)
 * })
 */
export class PlanAssertionError extends Error {
  readonly plan: QueryPlan

  constructor(message: string, plan: QueryPlan) {
    super(`${message}\nplan:\n${describePlan(plan).replace(/^/gm, '  ')}`)
    this.name = 'PlanAssertionError'
    this.plan = plan
  }
}

/** Plan expectations; awaiting resolves to the plan when all hold. */
export interface QueryExpectation extends PromiseLike<QueryPlan> {
  /** The next expectation is negated: `.not.toSeqScan('users')`. */
  readonly not: QueryExpectation
  /** Uses this index (or any index when no name is given). */
  toUseIndex(name?: string): QueryExpectation
  /** Reads this table (or any table) with a sequential scan. */
  toSeqScan(table?: string): QueryExpectation
  /** Has a node of this type, e.g. `Index Only Scan`, `Hash Join`. */
  toHaveNode(nodeType: string): QueryExpectation
}

interface PlanCheck {
  readonly negated: boolean
  readonly want: string
  holds(plan: QueryPlan): boolean
}

/**
 * Starts plan expectations for one query.
 *
 * @example
 * await expectQuery(db, 'SELECT * FROM tb_query WHERE name = $1', ['x']).toUseIndex('tb_query_name_key')
 * await expectQuery(db, 'SELECT * FROM tb_run WHERE fk_query = $1', [1], { settings: { enable_seqscan: 'off' } })
 *   .not.toSeqScan('tb_run')
 */
export function expectQuery(
  db: DatabaseInput,
  sql: string,
  params: readonly unknown[] = [],
  options: ExplainOptions = {},
): QueryExpectation {
  const checks: PlanCheck[] = []
  let result: Promise<QueryPlan> | undefined
  const evaluate = () => {
    result ??= explainQuery(db, sql, params, options).then((plan) => {
      const failed = checks.filter((c) => c.holds(plan) === c.negated)
      if (failed.length > 0) {
        const lines = failed.map((c) => `expected the plan ${c.negated ? 'not ' : ''}to ${c.want}`)
        throw new PlanAssertionError(`${lines.join('\n')}\nquery: ${sql.trim()}`, plan)
      }
      return plan
    })
    return result
  }
  const build = (negated: boolean): QueryExpectation => {
    const add = (want: string, holds: (plan: QueryPlan) => boolean) => {
      checks.push({ negated, want, holds })
      return positive
    }
    return {
      // biome-ignore lint/suspicious/noThenProperty: the chain is awaited like a promise on purpose
      then: (onFulfilled, onRejected) => evaluate().then(onFulfilled, onRejected),
      get not() {
        return build(!negated)
      },
      toUseIndex: (name) =>
        add(name === undefined ? 'use an index' : `use index ${name}`, (p) => usesIndex(p, name)),
      toSeqScan: (table) =>
        add(table === undefined ? 'have a sequential scan' : `seq-scan ${table}`, (p) => seqScans(p, table)),
      toHaveNode: (nodeType) => add(`have a ${nodeType} node`, (p) => hasNode(p, nodeType)),
    }
  }
  const positive = build(false)
  return positive
}
