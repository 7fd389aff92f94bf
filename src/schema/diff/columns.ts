/**
 * Column differences of a table or view.
 * @module
 */
import type { Column } from '../model.js'
import { type DiffContext, diffFields, diffLists, type Risk, record } from './change.js'

/** A new column breaks inserts that omit it when it is NOT NULL without a default. */
function addedRisk(column: Column): Risk {
  const fillsItself = column.default !== null || column.identity !== null || column.generated !== null
  return column.nullable || fillsItself ? 'additive' : 'breaking'
}

/** Diffs the columns of `parent` (`schema.table`); view columns hold no data, so nothing is destroyed. */
export function diffColumns(
  ctx: DiffContext,
  parent: string,
  before: readonly Column[],
  after: readonly Column[],
  holdsData: boolean,
): void {
  diffLists(before, after, (c) => c.name, {
    added: (c) =>
      record(ctx, {
        objectKind: 'column',
        action: 'added',
        object: `${parent}.${c.name}`,
        after: c,
        risk: addedRisk(c),
      }),
    removed: (c) =>
      record(ctx, {
        objectKind: 'column',
        action: 'removed',
        object: `${parent}.${c.name}`,
        before: c,
        risk: holdsData ? 'destructive' : 'breaking',
      }),
    changed: (a, b) => {
      diffFields(
        ctx,
        'column',
        `${parent}.${a.name}`,
        a,
        b,
        {
          // relaxing NOT NULL breaks no writer; adding it may reject rows
          nullable: (_was, now) => (now === true ? 'additive' : 'breaking'),
          default: (was) => (was === null ? 'additive' : 'breaking'),
        },
        ['position'],
      )
      if (ctx.options.ignoreColumnOrder === true) return
      const was = rank(before, after, a.name)
      const now = rank(after, before, b.name)
      if (was !== now) {
        record(ctx, {
          objectKind: 'column',
          action: 'changed',
          object: `${parent}.${a.name}`,
          field: 'position',
          before: a.position,
          after: b.position,
          risk: 'cosmetic',
        })
      }
    },
  })
}

/**
 * A column's place among the columns both sides have: a dropped or appended column shifts
 * positions without reordering anything, so it must not count as a move.
 */
function rank(columns: readonly Column[], other: readonly Column[], name: string): number {
  const shared = new Set(other.map((c) => c.name))
  return columns.filter((c) => shared.has(c.name)).findIndex((c) => c.name === name)
}
