/**
 * Differences of a table's constraints: primary key, uniques, foreign keys, checks, exclusions.
 * A new constraint may reject writes that worked before, so additions are `breaking`.
 * @module
 */
import type { Table } from '../model.js'
import { type DiffContext, diffFields, diffSimpleList, record } from './change.js'

export function diffConstraints(ctx: DiffContext, parent: string, a: Table, b: Table): void {
  const pkA = a.primaryKey
  const pkB = b.primaryKey
  if (pkA !== null && pkB === null) {
    record(ctx, {
      objectKind: 'primary-key',
      action: 'removed',
      object: `${parent}.${pkA.name}`,
      before: pkA,
      risk: 'breaking',
    })
  } else if (pkA === null && pkB !== null) {
    record(ctx, {
      objectKind: 'primary-key',
      action: 'added',
      object: `${parent}.${pkB.name}`,
      after: pkB,
      risk: 'breaking',
    })
  } else if (pkA !== null && pkB !== null) {
    diffFields(ctx, 'primary-key', `${parent}.${pkB.name}`, pkA, pkB, { name: 'cosmetic' })
  }
  diffSimpleList(ctx, 'unique', parent, a.uniques, b.uniques, { added: 'breaking', removed: 'breaking' })
  diffSimpleList(ctx, 'foreign-key', parent, a.foreignKeys, b.foreignKeys, {
    added: 'breaking',
    removed: 'breaking',
    // NOT VALID → validated changes no rule, only checks old rows
    fields: { validated: 'cosmetic' },
  })
  diffSimpleList(ctx, 'check', parent, a.checks, b.checks, {
    added: 'breaking',
    removed: 'breaking',
    fields: { validated: 'cosmetic', columns: 'cosmetic' },
  })
  diffSimpleList(ctx, 'exclusion', parent, a.exclusions, b.exclusions, {
    added: 'breaking',
    removed: 'breaking',
  })
}
