/**
 * `explainQuery()`: runs `EXPLAIN (FORMAT JSON)` (never ANALYZE unless asked, never timing) and
 * returns the plan as plain data with every node flattened, for assertions on plan shape.
 * @module
 */
import { failure, messageOf } from '../../errors.js'
import type { Queryable } from '../../internal/queryable.js'
import { type DatabaseInput, withQueryable } from '../connect.js'
import { deepFreeze } from '../freeze.js'
import { SchemaError } from '../schema-error.js'

/** One plan node, with the fields assertions need. */
export interface PlanNode {
  /** e.g. `Seq Scan`, `Index Scan`, `Index Only Scan`, `Bitmap Heap Scan`, `Hash Join`. */
  readonly nodeType: string
  /** Table the node reads, if any. */
  readonly relation: string | null
  readonly schema: string | null
  /** Index the node uses, if any. */
  readonly index: string | null
  readonly depth: number
}

/** A query plan: the raw EXPLAIN JSON and its nodes in depth-first order. */
export interface QueryPlan {
  readonly kind: 'query-plan'
  readonly sql: string
  readonly nodes: readonly PlanNode[]
  /** The `Plan` object exactly as PostgreSQL returned it. */
  readonly raw: unknown
}

/** Options of `explainQuery()`. */
export interface ExplainOptions {
  /**
   * Planner settings for this EXPLAIN only, e.g. `{ enable_seqscan: 'off' }` to see whether an
   * index can be used on a tiny test table. Restored afterwards.
   */
  readonly settings?: Readonly<Record<string, string>>
}

interface RawPlan {
  'Node Type': string
  'Relation Name'?: string
  Schema?: string
  'Index Name'?: string
  Plans?: RawPlan[]
}

function flatten(plan: RawPlan, depth: number, out: PlanNode[]): PlanNode[] {
  out.push({
    nodeType: plan['Node Type'],
    relation: plan['Relation Name'] ?? null,
    schema: plan.Schema ?? null,
    index: plan['Index Name'] ?? null,
    depth,
  })
  for (const child of plan.Plans ?? []) flatten(child, depth + 1, out)
  return out
}

/** A pool hands out one client so settings and EXPLAIN run on the same session. */
async function onOneSession<T>(q: Queryable, work: (session: Queryable) => Promise<T>): Promise<T> {
  const pool = q as Queryable & {
    totalCount?: number
    connect?: () => Promise<Queryable & { release(): void }>
  }
  if (pool.totalCount === undefined || pool.connect === undefined) return work(q)
  const client = await pool.connect()
  try {
    return await work(client)
  } finally {
    client.release()
  }
}

/**
 * Plans a query without running it.
 *
 * @example
 * const plan = await explainQuery(db, 'SELECT * FROM users WHERE email = $1', ['a@b.c'])
 * console.log(plan.nodes.map((n) => n.nodeType)) // ['Index Scan']
 */
export async function explainQuery(
  db: DatabaseInput,
  sql: string,
  params: readonly unknown[] = [],
  options: ExplainOptions = {},
): Promise<QueryPlan> {
  return withQueryable(db, (q) =>
    onOneSession(q, async (session) => {
      const settings = Object.entries(options.settings ?? {})
      const previous: [string, string][] = []
      try {
        for (const [name, value] of settings) {
          const { rows } = await session.query<{ value: string }>('SELECT current_setting($1) AS value', [
            name,
          ])
          previous.push([name, rows[0]?.value ?? ''])
          await session.query('SELECT set_config($1, $2, false)', [name, value])
        }
        const { rows } = await session.query<{ 'QUERY PLAN': [{ Plan: RawPlan }] }>(
          `EXPLAIN (FORMAT JSON) ${sql}`,
          params,
        )
        const raw = rows[0]?.['QUERY PLAN'][0]?.Plan
        if (raw === undefined) throw new Error('EXPLAIN returned no plan')
        return deepFreeze({ kind: 'query-plan', sql, nodes: flatten(raw, 0, []), raw } satisfies QueryPlan)
      } catch (err) {
        throw new SchemaError(
          'PGT_INTROSPECT',
          failure(
            `explain the query \`${sql.trim().slice(0, 80)}\``,
            messageOf(err),
            'Check the SQL and its parameters.',
          ),
          { cause: err },
        )
      } finally {
        for (const [name, value] of previous)
          await session.query('SELECT set_config($1, $2, false)', [name, value])
      }
    }),
  )
}

/**
 * The plan as indented lines, e.g. `Index Scan using users_email_key on users`.
 *
 * @example
 * console.log(describePlan(await explainQuery(db, 'SELECT * FROM users WHERE id = 1')))
 */
export function describePlan(plan: QueryPlan): string {
  return plan.nodes
    .map((n) => {
      const using = n.index === null ? '' : ` using ${n.index}`
      const on = n.relation === null ? '' : ` on ${n.relation}`
      return `${'  '.repeat(n.depth)}${n.nodeType}${using}${on}`
    })
    .join('\n')
}
