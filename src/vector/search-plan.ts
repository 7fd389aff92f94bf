/**
 * Proof that a search uses the index: `EXPLAIN (FORMAT JSON)` of the very query a check runs,
 * under the same settings. The planner prefers a sequential scan on small tables, so without
 * this a "recall 1.0" may just be exact search.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'

/** What the plan of a search does. */
export interface SearchPlan {
  /** The index the plan scans, or null for an exact (sequential) search. */
  readonly index: string | null
  /** Node types, depth-first, e.g. `['Limit', 'Index Scan']`. */
  readonly nodes: readonly string[]
}

interface RawPlan {
  'Node Type': string
  'Index Name'?: string
  Plans?: RawPlan[]
}

function walk(plan: RawPlan, out: RawPlan[]): RawPlan[] {
  out.push(plan)
  for (const child of plan.Plans ?? []) walk(child, out)
  return out
}

/**
 * Plans `sql` with `params` on `session` (settings already applied) without running it.
 *
 * @example
 * const plan = await planOf(session, 'SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 10', [q])
 * plan.index // 'items_embedding_idx'
 */
export async function planOf(
  session: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<SearchPlan> {
  const { rows } = await session.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params)
  const raw = rows[0]?.['QUERY PLAN']
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: RawPlan }[]
  const nodes = walk(doc[0]!.Plan, [])
  const scan = nodes.find((n) => n['Index Name'] !== undefined)
  return { index: scan?.['Index Name'] ?? null, nodes: nodes.map((n) => n['Node Type']) }
}
