/**
 * What the `schema` commands share: reading a schema source (URL, snapshot or .sql file) with a
 * server for .sql files — `--server`, else the other side's URL, else the configured engine.
 * @module
 */
import { resolve } from 'node:path'
import { type LoadSchemaOptions, loadSchema, type SchemaModel, sourceKind } from '../../schema/index.js'
import type { CommandArgs, CommandIO, OptionTable } from '../command.js'
import { listOption, stringOption } from '../command.js'
import { projectConfig, withEngine } from '../project.js'

/** Options shared by `schema snapshot` and `schema diff`. */
export const SCHEMA_SOURCE_OPTIONS = {
  server: {
    type: 'string',
    value: 'URL',
    default: 'the other URL, else the configured engine',
    description: 'Server on which .sql sources are applied',
  },
  schema: {
    type: 'string',
    multiple: true,
    value: 'NAME',
    default: 'every non-system schema',
    description: 'Only this schema',
  },
  privileges: { type: 'boolean', description: 'Include grants and owners' },
} as const satisfies OptionTable

/** The options of `schema diff` and `schema check` that shape the comparison. */
export const DIFF_OPTIONS = {
  ignore: {
    type: 'string',
    multiple: true,
    value: 'GLOB',
    description: 'Ignore objects whose names match (e.g. audit_*)',
  },
  'ignore-column-order': { type: 'boolean', description: 'Ignore the order of columns' },
  'ignore-name-suffixes': {
    type: 'boolean',
    description: 'Treat generated names that differ only in a numeric suffix as the same',
  },
} as const satisfies OptionTable

/** A source as given (URL) or resolved against the working directory (file). */
export function resolveSource(source: string, io: CommandIO): string {
  return sourceKind(source) === 'url' ? source : resolve(io.cwd, source)
}

/**
 * Loads every source; a server is found (or an engine started) only when a `.sql` source needs one.
 *
 * @example
 * const [a, b] = await loadSources(['schema.sql', 'postgres://localhost/app'], args, io)
 */
export async function loadSources(
  sources: readonly string[],
  args: CommandArgs,
  io: CommandIO,
): Promise<SchemaModel[]> {
  const schemas = listOption(args, 'schema')
  const base: LoadSchemaOptions = {
    ...(schemas.length > 0 ? { schemas } : {}),
    privileges: args.values['privileges'] === true,
  }
  const needsServer = sources.some((s) => sourceKind(s) === 'sql')
  if (!needsServer) return Promise.all(sources.map((s) => loadSchema(s, base)))
  const config = await projectConfig(io)
  const explicit = stringOption(args, 'server') ?? sources.find((s) => sourceKind(s) === 'url')
  const load = async (serverUrl: string) => {
    const models: SchemaModel[] = []
    for (const source of sources)
      models.push(await loadSchema(source, { ...base, serverUrl, prefix: config.prefix }))
    return models
  }
  if (explicit !== undefined) return load(explicit)
  return withEngine(io, config, (engine) => load(engine.url))
}
