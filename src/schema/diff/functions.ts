/**
 * Function and procedure differences, keyed by signature (`schema.name(args)`), so a changed
 * argument list shows as one removed and one added overload.
 * @module
 */
import type { Routine } from '../model.js'
import { type DiffContext, diffFields, diffLists, record } from './change.js'

const idOf = (f: Routine) => `${f.schema}.${f.signature}`

export function diffFunctions(ctx: DiffContext, before: readonly Routine[], after: readonly Routine[]): void {
  diffLists(before, after, idOf, {
    added: (f) =>
      record(ctx, { objectKind: 'function', action: 'added', object: idOf(f), after: f, risk: 'additive' }),
    removed: (f) =>
      record(ctx, {
        objectKind: 'function',
        action: 'removed',
        object: idOf(f),
        before: f,
        risk: 'breaking',
      }),
    changed: (a, b) => diffFields(ctx, 'function', idOf(a), a, b, {}, ['arguments', 'signature']),
  })
}
