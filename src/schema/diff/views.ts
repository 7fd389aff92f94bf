/**
 * View and materialized view differences. A materialized view holds data, so dropping it is
 * `destructive`; a plain view is `breaking` when removed.
 * @module
 */
import { qualifiedName, type View } from '../model.js'
import { type DiffContext, diffFields, diffLists, record } from './change.js'
import { diffColumns } from './columns.js'
import { diffIndexes } from './indexes.js'
import { diffTriggers } from './triggers.js'

const kindOf = (v: View): 'view' | 'materialized-view' => (v.materialized ? 'materialized-view' : 'view')

export function diffViews(ctx: DiffContext, before: readonly View[], after: readonly View[]): void {
  diffLists(before, after, qualifiedName, {
    added: (v) =>
      record(ctx, {
        objectKind: kindOf(v),
        action: 'added',
        object: qualifiedName(v),
        after: v,
        risk: 'additive',
      }),
    removed: (v) =>
      record(ctx, {
        objectKind: kindOf(v),
        action: 'removed',
        object: qualifiedName(v),
        before: v,
        risk: v.materialized ? 'destructive' : 'breaking',
      }),
    changed: (a, b) => {
      const id = qualifiedName(a)
      diffFields(ctx, kindOf(b), id, a, b, {}, ['columns', 'indexes', 'triggers'])
      diffColumns(ctx, id, a.columns, b.columns, false)
      diffIndexes(ctx, id, a.indexes, b.indexes)
      diffTriggers(ctx, id, a.triggers ?? [], b.triggers ?? [])
    },
  })
}
