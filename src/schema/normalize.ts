/**
 * Rewrites applied to models before a diff: forgetting auto-generated name suffixes and leaving
 * out ignored objects. Both return new frozen models; the inputs are untouched.
 * @module
 */

import { globMatcher } from '../internal/glob.js'
import { deepFreeze } from './freeze.js'
import type { Index, SchemaModel, Table, View } from './model.js'

/** `_key1`, `_seq12`, `_pkey1`… — the suffixes PostgreSQL adds when a generated name is taken. */
const GENERATED_SUFFIX = /(_(?:seq|key|pkey|fkey|idx|excl|check|not_null))\d+\b/g

const strip = (text: string): string => text.replace(GENERATED_SUFFIX, '$1')
const stripNullable = (text: string | null): string | null => (text === null ? null : strip(text))

function stripIndex(index: Index): Index {
  return {
    ...index,
    name: strip(index.name),
    constraint: stripNullable(index.constraint),
    definition: strip(index.definition),
  }
}

/**
 * Treats `users_email_key1` like `users_email_key` (and `_seq1`, `_pkey1`, `_fkey1`, `_idx1`,
 * `_excl1`, `_check1`) in constraint, index and sequence names and in column defaults.
 *
 * @example
 * diffSchemas(withoutGeneratedSuffixes(a), withoutGeneratedSuffixes(b))
 */
export function withoutGeneratedSuffixes(model: SchemaModel): SchemaModel {
  const table = (t: Table): Table => ({
    ...t,
    columns: t.columns.map((c) => ({ ...c, default: stripNullable(c.default) })),
    primaryKey: t.primaryKey === null ? null : { ...t.primaryKey, name: strip(t.primaryKey.name) },
    uniques: t.uniques.map((u) => ({ ...u, name: strip(u.name) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, name: strip(f.name) })),
    checks: t.checks.map((c) => ({ ...c, name: strip(c.name) })),
    exclusions: t.exclusions.map((x) => ({ ...x, name: strip(x.name) })),
    indexes: t.indexes.map(stripIndex),
  })
  const view = (v: View): View => ({ ...v, indexes: v.indexes.map(stripIndex) })
  return deepFreeze({
    ...model,
    tables: model.tables.map(table),
    views: model.views.map(view),
    sequences: model.sequences.map((s) => ({ ...s, name: strip(s.name) })),
  })
}

/**
 * Leaves out every object matching one of `globs` (see `DiffOptions.ignore`).
 *
 * @example
 * withoutIgnored(model, ['public.audit_*', '*.*.legacy_*'])
 */
export function withoutIgnored(model: SchemaModel, globs: readonly string[]): SchemaModel {
  if (globs.length === 0) return model
  const matches = globMatcher(globs)
  const ignored = (qualified: string, bare: string) => matches(qualified) || matches(bare)
  const keep = <T extends { readonly schema: string; readonly name: string }>(items: readonly T[]) =>
    items.filter((item) => !ignored(`${item.schema}.${item.name}`, item.name))
  const keepParts = <T extends { readonly name: string }>(parent: string, items: readonly T[]) =>
    items.filter((item) => !ignored(`${parent}.${item.name}`, item.name))
  const table = (t: Table): Table => {
    const id = `${t.schema}.${t.name}`
    const pkIgnored = t.primaryKey !== null && ignored(`${id}.${t.primaryKey.name}`, t.primaryKey.name)
    return {
      ...t,
      columns: keepParts(id, t.columns),
      primaryKey: pkIgnored ? null : t.primaryKey,
      uniques: keepParts(id, t.uniques),
      foreignKeys: keepParts(id, t.foreignKeys),
      checks: keepParts(id, t.checks),
      exclusions: keepParts(id, t.exclusions),
      indexes: keepParts(id, t.indexes),
      triggers: keepParts(id, t.triggers),
      policies: keepParts(id, t.policies),
    }
  }
  return deepFreeze({
    ...model,
    schemas: model.schemas.filter((s) => !ignored(s.name, s.name)),
    extensions: model.extensions.filter((e) => !ignored(e.name, e.name)),
    tables: keep(model.tables).map(table),
    views: keep(model.views).map((v) => ({
      ...v,
      indexes: keepParts(`${v.schema}.${v.name}`, v.indexes),
      triggers: keepParts(`${v.schema}.${v.name}`, v.triggers ?? []),
    })),
    sequences: keep(model.sequences),
    types: keep(model.types),
    functions: keep(model.functions),
  })
}
