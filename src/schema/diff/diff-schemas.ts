/**
 * `diffSchemas()`: every difference between two models, as plain data with risk classes.
 * @module
 */
import { deepFreeze } from '../freeze.js'
import type { SchemaModel } from '../model.js'
import { withoutGeneratedSuffixes, withoutIgnored } from '../normalize.js'
import type { DiffContext, DiffOptions, Risk, SchemaChange } from './change.js'
import { diffFunctions } from './functions.js'
import { diffExtensions, diffNamespaces } from './schemas.js'
import { diffSequences } from './sequences.js'
import { diffTables } from './tables.js'
import { diffTypes } from './types.js'
import { diffViews } from './views.js'

/**
 * Compares two schema models and lists what changed from `before` to `after`. An empty list
 * means the schemas are equal (under the options).
 *
 * @example
 * const changes = diffSchemas(readSnapshot('schema.snapshot.json'), await introspect(url), {
 *   ignoreColumnOrder: true,
 *   ignore: ['public.schema_migrations'],
 * })
 * for (const c of changes) console.log(c.risk, c.message)
 */
export function diffSchemas(
  before: SchemaModel,
  after: SchemaModel,
  options: DiffOptions = {},
): readonly SchemaChange[] {
  const prepare = (model: SchemaModel) => {
    const kept = withoutIgnored(model, options.ignore ?? [])
    return options.ignoreGeneratedNameSuffixes === true ? withoutGeneratedSuffixes(kept) : kept
  }
  const a = prepare(before)
  const b = prepare(after)
  const ctx: DiffContext = { changes: [], options }
  diffNamespaces(ctx, a.schemas, b.schemas)
  diffExtensions(ctx, a.extensions, b.extensions)
  diffTypes(ctx, a.types, b.types)
  diffSequences(ctx, a.sequences, b.sequences)
  diffTables(ctx, a.tables, b.tables)
  diffViews(ctx, a.views, b.views)
  diffFunctions(ctx, a.functions, b.functions)
  return deepFreeze(ctx.changes)
}

/**
 * Counts per risk class, e.g. for a summary line.
 *
 * @example
 * summarizeChanges(diffSchemas(a, b)) // { destructive: 1, breaking: 2, additive: 0, cosmetic: 0 }
 */
export function summarizeChanges(changes: readonly SchemaChange[]): Record<Risk, number> {
  const counts: Record<Risk, number> = { destructive: 0, breaking: 0, additive: 0, cosmetic: 0 }
  for (const change of changes) counts[change.risk]++
  return counts
}
