/**
 * Schema introspection, snapshots, diffs and assertions: `pgtestbed/schema`.
 * @module
 */

export type { DatabaseInput } from './connect.js'
export type { ChangeAction, DiffOptions, ObjectKind, Risk, SchemaChange } from './diff/change.js'
export { diffSchemas, summarizeChanges } from './diff/diff-schemas.js'
export { INTROSPECTION_QUERY_COUNT, type IntrospectOptions, introspect } from './introspect/introspect.js'
export type * from './model.js'
export { MODEL_VERSION, qualifiedName } from './model.js'
export { withoutGeneratedSuffixes, withoutIgnored } from './normalize.js'
export { SchemaError } from './schema-error.js'
export { readSnapshot, toSnapshot } from './snapshot.js'
