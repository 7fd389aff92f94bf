/**
 * Differences of enums, domains, composite and range types. Enum labels get their own rules:
 * appended labels are additive, removed ones destroy the rows that used them.
 * @module
 */
import { qualifiedName, type TypeDef } from '../model.js'
import { type DiffContext, diffFields, diffLists, type Risk, record } from './change.js'

function enumLabelRisk(before: unknown, after: unknown): Risk {
  const a = before as string[]
  const b = after as string[]
  if (a.some((label) => !b.includes(label))) return 'destructive'
  const kept = b.filter((label) => a.includes(label))
  return kept.every((label, i) => label === a[i]) ? 'additive' : 'breaking'
}

export function diffTypes(ctx: DiffContext, before: readonly TypeDef[], after: readonly TypeDef[]): void {
  diffLists(before, after, (t) => `${t.kind}:${qualifiedName(t)}`, {
    added: (t) =>
      record(ctx, {
        objectKind: t.kind,
        action: 'added',
        object: qualifiedName(t),
        after: t,
        risk: 'additive',
      }),
    removed: (t) =>
      record(ctx, {
        objectKind: t.kind,
        action: 'removed',
        object: qualifiedName(t),
        before: t,
        risk: 'breaking',
      }),
    changed: (a, b) =>
      diffFields(ctx, b.kind, qualifiedName(a), a, b, {
        labels: enumLabelRisk,
        // like a column: dropping NOT NULL rejects nothing that was accepted before
        nullable: (_was: unknown, now: unknown) => (now === true ? 'additive' : 'breaking'),
      } as never),
  })
}
