/**
 * `pgtestbed schema snapshot`: writes the stable JSON snapshot of a database (or a .sql file).
 * @module
 */
import { writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { toSnapshot } from '../../schema/index.js'
import { defineCommand, stringOption, usageError } from '../command.js'
import { loadSources, resolveSource, SCHEMA_SOURCE_OPTIONS } from './schema-source-options.js'

export const schemaSnapshotCommand = defineCommand({
  name: ['schema', 'snapshot'],
  summary: 'Write the schema of a database (or a .sql file) as a stable JSON snapshot.',
  args: '[URL|FILE.sql]',
  options: {
    url: {
      type: 'string',
      value: 'URL|FILE.sql',
      default: 'the argument, else DATABASE_URL',
      description: 'The database (or .sql file) to snapshot',
    },
    db: { type: 'string', value: 'URL', description: 'The same as --url' },
    out: { type: 'string', value: 'FILE', default: 'stdout', description: 'Write the snapshot to FILE' },
    ...SCHEMA_SOURCE_OPTIONS,
  },
  allowPositionals: true,
  async run(args, io) {
    const given =
      stringOption(args, 'url') ?? stringOption(args, 'db') ?? args.positionals[0] ?? io.env['DATABASE_URL']
    if (given === undefined) {
      throw usageError(
        'Failed to snapshot: no database given. Pass --url postgres://… (or a .sql file), or set DATABASE_URL.',
      )
    }
    const [model] = await loadSources([resolveSource(given, io)], args, io)
    if (model === undefined) throw usageError('Failed to snapshot: nothing was read.')
    const text = toSnapshot(model)
    const out = stringOption(args, 'out')
    if (out === undefined) return { data: model, human: text.trimEnd() }
    const file = resolve(io.cwd, out)
    writeFileSync(file, text)
    const counts = {
      tables: model.tables.length,
      views: model.views.length,
      functions: model.functions.length,
    }
    return {
      data: { out: file, ...counts },
      human: `wrote ${relative(io.cwd, file) || file}: ${counts.tables} tables, ${counts.views} views, ${counts.functions} functions`,
    }
  },
})
