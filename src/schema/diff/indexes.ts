/**
 * Index differences. Non-unique indexes only change speed; unique ones change what may be written.
 * @module
 */
import type { Index } from '../model.js'
import { type DiffContext, diffFields, diffLists, record, same } from './change.js'

export function diffIndexes(
  ctx: DiffContext,
  parent: string,
  before: readonly Index[],
  after: readonly Index[],
): void {
  diffLists(before, after, (i) => i.name, {
    added: (i) =>
      record(ctx, {
        objectKind: 'index',
        action: 'added',
        object: `${parent}.${i.name}`,
        after: i,
        risk: i.unique ? 'breaking' : 'additive',
      }),
    removed: (i) =>
      record(ctx, {
        objectKind: 'index',
        action: 'removed',
        object: `${parent}.${i.name}`,
        before: i,
        risk: 'breaking',
      }),
    changed: (a, b) => {
      // the definition repeats the other fields: report it only when nothing else explains the change
      const { definition: defA, ...restA } = a
      const { definition: defB, ...restB } = b
      if (!same(restA, restB)) {
        diffFields(ctx, 'index', `${parent}.${a.name}`, restA, restB, { valid: 'cosmetic' })
      } else if (defA !== defB) {
        diffFields(ctx, 'index', `${parent}.${a.name}`, { definition: defA }, { definition: defB })
      }
    },
  })
}
