/**
 * Sequence differences; a dropped sequence loses its current value.
 * @module
 */
import { qualifiedName, type Sequence } from '../model.js'
import { type DiffContext, diffFields, diffLists, record } from './change.js'

export function diffSequences(
  ctx: DiffContext,
  before: readonly Sequence[],
  after: readonly Sequence[],
): void {
  diffLists(before, after, qualifiedName, {
    added: (s) =>
      record(ctx, {
        objectKind: 'sequence',
        action: 'added',
        object: qualifiedName(s),
        after: s,
        risk: 'additive',
      }),
    removed: (s) =>
      record(ctx, {
        objectKind: 'sequence',
        action: 'removed',
        object: qualifiedName(s),
        before: s,
        risk: 'destructive',
      }),
    changed: (a, b) =>
      diffFields(ctx, 'sequence', qualifiedName(a), a, b, { cache: 'cosmetic', ownedBy: 'cosmetic' }),
  })
}
