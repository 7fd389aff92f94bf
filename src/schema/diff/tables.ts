/**
 * Table differences: the table's own fields, then each kind of part in its own diff.
 * @module
 */
import { qualifiedName, type Table } from '../model.js'
import { type DiffContext, diffFields, diffLists, record } from './change.js'
import { diffColumns } from './columns.js'
import { diffConstraints } from './constraints.js'
import { diffIndexes } from './indexes.js'
import { diffPolicies } from './policies.js'
import { diffTriggers } from './triggers.js'

const PARTS = [
  'columns',
  'primaryKey',
  'uniques',
  'foreignKeys',
  'checks',
  'exclusions',
  'indexes',
  'triggers',
  'policies',
] as const

export function diffTables(ctx: DiffContext, before: readonly Table[], after: readonly Table[]): void {
  diffLists(before, after, qualifiedName, {
    added: (t) =>
      record(ctx, {
        objectKind: 'table',
        action: 'added',
        object: qualifiedName(t),
        after: t,
        risk: 'additive',
      }),
    removed: (t) =>
      record(ctx, {
        objectKind: 'table',
        action: 'removed',
        object: qualifiedName(t),
        before: t,
        risk: 'destructive',
      }),
    changed: (a, b) => {
      const id = qualifiedName(a)
      diffFields(ctx, 'table', id, a, b, {}, PARTS)
      diffColumns(ctx, id, a.columns, b.columns, true)
      diffConstraints(ctx, id, a, b)
      diffIndexes(ctx, id, a.indexes, b.indexes)
      diffTriggers(ctx, id, a.triggers, b.triggers)
      diffPolicies(ctx, id, a.policies, b.policies)
    },
  })
}
