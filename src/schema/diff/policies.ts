/**
 * Row-level security policy differences: policies decide which rows a role sees or writes.
 * @module
 */
import type { Policy } from '../model.js'
import { type DiffContext, diffSimpleList } from './change.js'

export function diffPolicies(
  ctx: DiffContext,
  parent: string,
  before: readonly Policy[],
  after: readonly Policy[],
): void {
  diffSimpleList(ctx, 'policy', parent, before, after, { added: 'breaking', removed: 'breaking' })
}
