/**
 * Snapshots: the model as stable, readable JSON for committing to a repository. Keys come in a
 * fixed order (`kind`, `schema`, `name`, then alphabetical), lists are sorted by name, there are
 * no OIDs, so equal schemas give byte-identical files.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { failure } from '../errors.js'
import { deepFreeze } from './freeze.js'
import { MODEL_VERSION, type SchemaModel } from './model.js'
import { SchemaError } from './schema-error.js'

const FIRST_KEYS = ['kind', 'version', 'schema', 'name']

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  entries.sort(([a], [b]) => {
    const ia = FIRST_KEYS.indexOf(a)
    const ib = FIRST_KEYS.indexOf(b)
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib)
    return a < b ? -1 : a > b ? 1 : 0
  })
  return Object.fromEntries(entries.map(([k, v]) => [k, orderKeys(v)]))
}

/**
 * The snapshot text of a model: 2-space indented JSON with a trailing newline.
 *
 * @example
 * writeFileSync('schema.snapshot.json', toSnapshot(await introspect(url)))
 */
export function toSnapshot(model: SchemaModel): string {
  return `${JSON.stringify(orderKeys(model), null, 2)}\n`
}

/**
 * Reads a snapshot back into a frozen model. Accepts the snapshot text itself or a file path.
 *
 * @example
 * const committed = readSnapshot('test/schema.snapshot.json')
 * expect(diffSchemas(committed, await introspect(db))).toEqual([])
 */
export function readSnapshot(textOrFile: string): SchemaModel {
  const isText = textOrFile.trimStart().startsWith('{')
  const file = isText ? undefined : textOrFile
  let text = textOrFile
  if (file !== undefined) {
    if (!existsSync(file)) {
      throw new SchemaError(
        'PGT_SCHEMA_SOURCE',
        failure(
          `read snapshot ${file}`,
          'the file does not exist',
          'Check the path, or create it with `pgtestbed schema snapshot --out FILE`.',
        ),
        { file },
      )
    }
    text = readFileSync(file, 'utf8')
  }
  const where = file ?? 'snapshot text'
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    const line = lineOfJsonError(text, err)
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `read snapshot ${where}${line === undefined ? '' : `:${line}`}`,
        `it is not valid JSON (${(err as Error).message})`,
        'Regenerate it with `pgtestbed schema snapshot`, or fix the JSON by hand.',
      ),
      { file, line, cause: err },
    )
  }
  const model = parsed as Partial<SchemaModel> | null
  if (model === null || typeof model !== 'object' || model.kind !== 'schema-model') {
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `read snapshot ${where}`,
        'it is JSON but not a pgtestbed schema snapshot (no "kind": "schema-model")',
        'Pass a file written by `pgtestbed schema snapshot` or `toSnapshot()`.',
      ),
      { file },
    )
  }
  if (model.version !== MODEL_VERSION) {
    throw new SchemaError(
      'PGT_SCHEMA_SOURCE',
      failure(
        `read snapshot ${where}`,
        `it has format version ${String(model.version)}, this pgtestbed reads version ${MODEL_VERSION}`,
        'Regenerate the snapshot with this version of pgtestbed.',
      ),
      { file },
    )
  }
  const empty = {
    schemas: [],
    extensions: [],
    tables: [],
    views: [],
    sequences: [],
    types: [],
    functions: [],
  }
  return deepFreeze({ ...empty, ...model } as SchemaModel)
}

/** The 1-based line of a JSON.parse error, from the "position N" in its message. */
function lineOfJsonError(text: string, err: unknown): number | undefined {
  const match = /position (\d+)/.exec((err as Error).message)
  if (match === null) return undefined
  return text.slice(0, Number(match[1])).split('\n').length
}
