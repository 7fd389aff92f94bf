/**
 * The schema probe's differences as lines for people: kinds left out, frozen literals turned
 * into hints, definitions (views, functions, triggers, checks) shown as diffs instead of two
 * cut-off strings, and worded for the context (a risk class, or what a down did not restore).
 * @module
 */
import type { SchemaChange } from '../../schema/index.js'
import { definitionDiff } from './definition-diff.js'
import { frozenLiteralHint, onlyFrozenLiterals } from './frozen-literals.js'
import type { ModelCaptureData } from './model-probe.js'
import { kindGroup } from './object-kinds.js'
import type { CompareOptions } from './schema-probe.js'

// Fields holding a definition worth diffing rather than printing whole.
const DEFINITION_FIELDS = new Set(['definition', 'expression', 'default', 'bodyHash', 'using', 'withCheck'])

/**
 * One or more lines per change (a definition diff adds indented lines under its change).
 *
 * @example
 * changeLines(diffSchemas(a.model, b.model), { before: a, after: b }, { wording: 'restore' })
 */
export function changeLines(
  changes: readonly SchemaChange[],
  captures: { readonly before: ModelCaptureData; readonly after: ModelCaptureData },
  options: CompareOptions,
): string[] {
  const kinds = new Set<string>(options.ignoreKinds ?? [])
  const views = new Set(
    [...captures.before.model.views, ...captures.after.model.views].map((v) => `${v.schema}.${v.name}`),
  )
  const out: string[] = []
  for (const change of changes) {
    // A view's columns, indexes and triggers go with the view.
    const parent = change.object.slice(0, change.object.lastIndexOf('.'))
    if (kinds.has(kindGroup(change.objectKind))) continue
    if (kinds.has('view') && views.has(parent) && change.objectKind !== 'trigger') continue
    const texts = definitions(change, captures)
    if (
      texts !== undefined &&
      options.frozenSince !== undefined &&
      onlyFrozenLiterals(texts.before, texts.after, options.frozenSince)
    ) {
      options.onNote?.(frozenLiteralHint(`${change.objectKind} ${change.object}`))
      continue
    }
    const head = headline(change, options.wording ?? 'risk', texts !== undefined)
    out.push(head)
    if (texts !== undefined)
      out.push(...definitionDiff(texts.before, texts.after).map((line) => `    ${line}`))
  }
  return out
}

/** The two texts to diff, when the change is to a definition (a function's body by its hash). */
function definitions(
  change: SchemaChange,
  captures: { readonly before: ModelCaptureData; readonly after: ModelCaptureData },
): { before: string; after: string } | undefined {
  if (change.action !== 'changed' || change.field === undefined || !DEFINITION_FIELDS.has(change.field))
    return undefined
  if (change.field === 'bodyHash') {
    const before = captures.before.bodies?.[change.object]
    const after = captures.after.bodies?.[change.object]
    return before === undefined || after === undefined ? undefined : { before, after }
  }
  const { before, after } = change
  return typeof before === 'string' && typeof after === 'string' ? { before, after } : undefined
}

function headline(change: SchemaChange, wording: 'risk' | 'restore', diffed: boolean): string {
  const what = `${change.objectKind} ${change.object}`
  const field = change.field === 'bodyHash' ? 'body' : change.field
  if (wording === 'risk') {
    return diffed ? `${change.risk}: ${what}: ${field} changed:` : `${change.risk}: ${change.message}`
  }
  // `before` is the schema the down should have brought back, `after` what it left.
  if (change.action === 'added') return `the down left behind ${what}`
  if (change.action === 'removed') return `the down did not restore ${what}`
  if (diffed) return `the down did not restore the ${field} of ${what} (- before the up, + after the down):`
  return `the down did not restore the ${field} of ${what}: ${change.message.slice(change.message.indexOf(': ') + 2)}`
}
