/**
 * Cost assertions that do not flake: what a query may cost in machine-independent terms
 * (blocks touched, rows, temp blocks — from `EXPLAIN (ANALYZE, BUFFERS)`, inside a transaction
 * rolled back afterwards) and how many statements a piece of code may run (from
 * pg_stat_statements: the N+1 check), instead of timing it. Plan shape assertions are the
 * schema module's `expectQuery`, reachable from here as `.toUseIndex()`.
 * @module
 */
import type pg from 'pg'
import { expectQuery } from '../schema/index.js'
import { statementCalls } from './statements.js'

/** A test's database: its URL (naming the database) and a way to query it. */
export interface CostTarget {
  readonly url: string
  query(text: string, params?: readonly unknown[]): Promise<pg.QueryResult>
}

/** What one execution of a query cost. */
export interface QueryCost {
  /** Shared blocks hit + read by the executor (planning not counted). */
  readonly blocks: number
  readonly tempBlocks: number
  /** Rows the query returned (or wrote). */
  readonly rows: number
}

/** Upper bounds; omitted ones are not checked. */
export interface CostLimits {
  readonly blocks?: number
  readonly tempBlocks?: number
  readonly rows?: number
}

/**
 * Thrown when a cost is over its limit; `cost` holds what was measured.
 *
 * @example
 * await expectQueryCost(db, sql).toTouchAtMost({ blocks: 10 }).catch((err) => {
 *   if (err instanceof CostAssertionError) console.log(err.cost)
 * })
 */
export class CostAssertionError extends Error {
  readonly cost: unknown

  constructor(message: string, cost: unknown) {
    super(message)
    this.name = 'CostAssertionError'
    this.cost = cost
  }
}

interface RawNode {
  'Shared Hit Blocks'?: number
  'Shared Read Blocks'?: number
  'Temp Read Blocks'?: number
  'Temp Written Blocks'?: number
  'Actual Rows'?: number
}

/** Runs the query once under EXPLAIN (ANALYZE, BUFFERS) in a transaction that is rolled back. */
async function measure(db: CostTarget, sql: string, params: readonly unknown[]): Promise<QueryCost> {
  await db.query('BEGIN')
  try {
    const { rows } = await db.query(
      `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY OFF, FORMAT JSON) ${sql}`,
      params,
    )
    const plan = (rows[0]?.['QUERY PLAN'] as [{ Plan: RawNode }] | undefined)?.[0]?.Plan ?? {}
    return {
      blocks: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
      tempBlocks: (plan['Temp Read Blocks'] ?? 0) + (plan['Temp Written Blocks'] ?? 0),
      rows: plan['Actual Rows'] ?? 0,
    }
  } finally {
    await db.query('ROLLBACK')
  }
}

/** Cost expectations for one query; awaiting resolves to its cost when all hold. */
export interface CostExpectation extends PromiseLike<QueryCost> {
  /** Touches at most these many blocks / temp blocks / rows in one execution. */
  toTouchAtMost(limits: CostLimits): CostExpectation
  /** Its plan uses this index (or any): the schema module's plan assertion. */
  toUseIndex(name?: string): CostExpectation
}

/**
 * Starts cost expectations for one query on a test's database.
 *
 * @example
 * await expectQueryCost(db, 'SELECT * FROM orders WHERE customer_id = $1', [42])
 *   .toTouchAtMost({ blocks: 20 })
 *   .toUseIndex('orders_customer_id_idx')
 */
export function expectQueryCost(
  db: CostTarget,
  sql: string,
  params: readonly unknown[] = [],
): CostExpectation {
  const limits: CostLimits[] = []
  const indexes: (string | undefined)[] = []
  let result: Promise<QueryCost> | undefined
  const evaluate = () => {
    result ??= (async () => {
      for (const name of indexes) await expectQuery(db, sql, params).toUseIndex(name)
      const cost = await measure(db, sql, params)
      const over = limits.flatMap((limit) =>
        (Object.keys(limit) as (keyof CostLimits)[])
          .filter((k) => limit[k] !== undefined && cost[k] > (limit[k] as number))
          .map((k) => `${k}: ${cost[k]} > ${limit[k]}`),
      )
      if (over.length > 0)
        throw new CostAssertionError(
          `expected the query to touch at most the given amounts, but ${over.join(', ')}\nquery: ${sql.trim()}\n` +
            'Look at the plan (expectQuery / EXPLAIN (ANALYZE, BUFFERS)) for a missing index or a wider scan than intended.',
          cost,
        )
      return cost
    })()
    return result
  }
  const chain: CostExpectation = {
    // biome-ignore lint/suspicious/noThenProperty: the chain is awaited like a promise on purpose
    then: (onFulfilled, onRejected) => evaluate().then(onFulfilled, onRejected),
    toTouchAtMost(limit) {
      limits.push(limit)
      return chain
    },
    toUseIndex(name) {
      indexes.push(name)
      return chain
    },
  }
  return chain
}

/** How many statements some code ran on a database, per normalized statement. */
export interface StatementsRun {
  readonly calls: number
  readonly byQuery: ReadonlyMap<string, number>
}

/** Upper bounds for `toRunAtMost`. */
export interface CallLimits {
  /** Statements in total. */
  readonly calls?: number
  /** Runs of any one normalized statement (the N+1 check: 1 means "no query in a loop"). */
  readonly perQuery?: number
}

/**
 * Starts expectations on the statements `work` runs on the database (read from
 * pg_stat_statements before and after; statements of other databases are not counted).
 *
 * @example
 * await expectStatements(db, () => loadOrdersWithCustomers(db)).toRunAtMost({ perQuery: 1 })
 */
export function expectStatements(
  db: { readonly url: string },
  work: () => unknown,
): { toRunAtMost(limits: CallLimits): Promise<StatementsRun> } {
  return {
    async toRunAtMost(limits) {
      const database = decodeURIComponent(new URL(db.url).pathname.slice(1))
      const before = await statementCalls(db.url, database)
      await work()
      const after = await statementCalls(db.url, database)
      const byQuery = new Map<string, number>()
      for (const [query, calls] of after) {
        const ran = calls - (before.get(query) ?? 0)
        if (ran > 0) byQuery.set(query, ran)
      }
      const run: StatementsRun = { calls: [...byQuery.values()].reduce((s, n) => s + n, 0), byQuery }
      const problems: string[] = []
      if (limits.calls !== undefined && run.calls > limits.calls)
        problems.push(`${run.calls} statements ran, at most ${limits.calls} expected`)
      if (limits.perQuery !== undefined)
        for (const [query, n] of byQuery)
          if (n > limits.perQuery) problems.push(`${n}× (at most ${limits.perQuery}): ${query}`)
      if (problems.length > 0)
        throw new CostAssertionError(
          `${problems.join('\n')}\nA statement run once per row is an N+1: load the rows in one query (a join or WHERE id = ANY($1)).`,
          run,
        )
      return run
    },
  }
}
