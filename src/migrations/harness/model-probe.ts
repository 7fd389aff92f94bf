/**
 * The default schema probe: the schema module's catalog introspection and its kind-tagged diff,
 * with function bodies captured beside the model so a changed body can be shown, not hashed.
 * @module
 */
import type { Queryable } from '../../internal/queryable.js'
import { diffSchemas, introspect, readSnapshot, type SchemaModel } from '../../schema/index.js'
import { STATE_SCHEMA } from '../migrate.js'
import { changeLines } from './change-lines.js'
import type { SchemaCapture, SchemaProbe } from './schema-probe.js'

// The runner's state table is bookkeeping, not schema.
const ALWAYS_IGNORED = [STATE_SCHEMA, `${STATE_SCHEMA}.**`]

// Bodies keyed like the diff's function objects: `schema.name(identity arguments)`.
const BODIES_QUERY = `
select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as key,
  case when coalesce(p.prosrc, '') = '' then pg_get_functiondef(p.oid) else p.prosrc end as body
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
  and n.nspname not like 'pg_temp_%' and p.prokind <> 'a'`

/** What the schema probe's captures hold. */
export interface ModelCaptureData {
  readonly model: SchemaModel
  /** Function bodies by `schema.signature`; absent for captures read from a snapshot. */
  readonly bodies?: Readonly<Record<string, string>>
}

function capture(data: ModelCaptureData): SchemaCapture {
  return Object.freeze({ kind: 'schema-capture', probe: 'schema', data: Object.freeze(data) })
}

async function bodiesOf(session: Queryable): Promise<Record<string, string>> {
  const { rows } = await session.query<{ key: string; body: string }>(BODIES_QUERY)
  return Object.fromEntries(rows.map((r) => [r.key, r.body]))
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
    // Not as prepared statements: on a session that goes on running DDL they made every later
    // query slower (a keep-going round trip took 2.2x as long with them; bench/migrations-keep-going.ts).
    return capture({ model: await introspect(session, { prepare: false }), bodies: await bodiesOf(session) })
  },
  differences(expected, actual, options = {}) {
    const a = expected.data as ModelCaptureData
    const b = actual.data as ModelCaptureData
    const changes = diffSchemas(a.model, b.model, {
      ignoreColumnOrder: true,
      ignoreGeneratedNameSuffixes: true,
      ignore: [...ALWAYS_IGNORED, ...(options.ignore ?? [])],
    })
    return changeLines(changes, { before: a, after: b }, options)
  },
  async load(file) {
    return capture({ model: readSnapshot(file) })
  },
}
