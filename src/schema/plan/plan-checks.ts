/**
 * Pure checks over a `QueryPlan`, shared by `expectQuery()` and the vitest matchers.
 * @module
 */
import type { QueryPlan } from './explain.js'

const SCANS_WITH_INDEX = /Index|Bitmap Index/

/**
 * Whether the plan uses index `name` (any index when omitted).
 *
 * @example
 * usesIndex(await explainQuery(db, 'SELECT * FROM users WHERE id = 1'), 'users_pkey') // true
 */
export function usesIndex(plan: QueryPlan, name?: string): boolean {
  return plan.nodes.some(
    (n) => n.index !== null && SCANS_WITH_INDEX.test(n.nodeType) && (name === undefined || n.index === name),
  )
}

/**
 * Whether the plan reads `table` (any table when omitted) with a sequential scan.
 *
 * @example
 * seqScans(plan, 'users') // false when an index is used
 */
export function seqScans(plan: QueryPlan, table?: string): boolean {
  const bare = table?.split('.').at(-1)
  return plan.nodes.some(
    (n) =>
      n.nodeType === 'Seq Scan' &&
      (table === undefined || n.relation === bare) &&
      (table === undefined || !table.includes('.') || `${n.schema}.${n.relation}` === table),
  )
}

/**
 * Whether the plan has a node of this type (`Hash Join`, `Sort`, `Index Only Scan`, …).
 *
 * @example
 * hasNode(plan, 'Index Only Scan')
 */
export function hasNode(plan: QueryPlan, nodeType: string): boolean {
  return plan.nodes.some((n) => n.nodeType === nodeType)
}
