/**
 * The default schema probe: the schema module's catalog introspection and its kind-tagged diff.
 * @module
 */
import { diffSchemas, introspect, readSnapshot, type SchemaModel } from '../../schema/index.js'
import { STATE_SCHEMA } from '../migrate.js'
import type { SchemaCapture, SchemaProbe } from './schema-probe.js'

// The runner's state table is bookkeeping, not schema.
const ALWAYS_IGNORED = [STATE_SCHEMA, `${STATE_SCHEMA}.**`]

function capture(model: SchemaModel): SchemaCapture {
  return Object.freeze({ kind: 'schema-capture', probe: 'schema', data: model })
}

/**
 * Captures with `introspect()`, compares with `diffSchemas()` (column order and generated name
 * suffixes ignored), and reads committed snapshots with `readSnapshot()`.
 *
 * @example
 * const report = await testMigrations(set, { server, probe: schemaProbe })
 */
export const schemaProbe: SchemaProbe = {
  name: 'schema',
  async capture(session) {
    return capture(await introspect(session))
  },
  differences(expected, actual, options = {}) {
    return diffSchemas(expected.data as SchemaModel, actual.data as SchemaModel, {
      ignoreColumnOrder: true,
      ignoreGeneratedNameSuffixes: true,
      ignore: [...ALWAYS_IGNORED, ...(options.ignore ?? [])],
    }).map((change) => `${change.risk}: ${change.message}`)
  },
  async load(file) {
    return capture(readSnapshot(file))
  },
}
