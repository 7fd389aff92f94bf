/**
 * The object kinds a comparison can leave out (`--ignore-kind view,function,trigger`): each
 * names a group of the schema diff's kinds, so `constraint` covers checks, keys and exclusions.
 * @module
 */

/** A kind `ignoreKinds` accepts. */
export type IgnorableKind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'constraint'
  | 'index'
  | 'trigger'
  | 'policy'
  | 'view'
  | 'function'
  | 'sequence'
  | 'type'

/** Every `IgnorableKind`. */
export const IGNORABLE_KINDS: readonly IgnorableKind[] = [
  'schema',
  'extension',
  'table',
  'column',
  'constraint',
  'index',
  'trigger',
  'policy',
  'view',
  'function',
  'sequence',
  'type',
]

const GROUP: Record<string, IgnorableKind> = {
  'primary-key': 'constraint',
  unique: 'constraint',
  'foreign-key': 'constraint',
  check: 'constraint',
  exclusion: 'constraint',
  'materialized-view': 'view',
  enum: 'type',
  domain: 'type',
  composite: 'type',
  range: 'type',
  relation: 'table',
  rls: 'policy',
}

/** The ignorable kind a diff or catalog kind belongs to (`check` → `constraint`). */
export function kindGroup(kind: string): string {
  return GROUP[kind] ?? kind
}

/** Kinds in `list` that are not ignorable, for a usage error. */
export function unknownKinds(list: readonly string[]): string[] {
  return list.filter((k) => !(IGNORABLE_KINDS as readonly string[]).includes(k))
}
