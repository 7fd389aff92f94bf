/**
 * Differences of schemas (namespaces) and installed extensions.
 * @module
 */
import type { Extension, SchemaInfo } from '../model.js'
import { type DiffContext, diffSimpleList } from './change.js'

export function diffNamespaces(
  ctx: DiffContext,
  before: readonly SchemaInfo[],
  after: readonly SchemaInfo[],
): void {
  diffSimpleList(ctx, 'schema', '', before, after, { added: 'additive', removed: 'destructive' })
}

export function diffExtensions(
  ctx: DiffContext,
  before: readonly Extension[],
  after: readonly Extension[],
): void {
  diffSimpleList(ctx, 'extension', '', before, after, { added: 'additive', removed: 'breaking' })
}
