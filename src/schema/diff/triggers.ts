/**
 * Trigger differences: a trigger changes what writes do, so any change is `breaking`.
 * @module
 */
import type { Trigger } from '../model.js'
import { type DiffContext, diffSimpleList } from './change.js'

export function diffTriggers(
  ctx: DiffContext,
  parent: string,
  before: readonly Trigger[],
  after: readonly Trigger[],
): void {
  diffSimpleList(ctx, 'trigger', parent, before, after, { added: 'breaking', removed: 'breaking' })
}
