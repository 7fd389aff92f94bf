/**
 * `pgtestbed schema diff A B`: the changes from A to B, each with a risk class; exit 1 when they differ.
 * @module
 */
import { redactUrl } from '../../engine/index.js'
import { diffSchemas, type SchemaChange, summarizeChanges } from '../../schema/index.js'
import { defineCommand, listOption, usageError } from '../command.js'
import { DIFF_OPTIONS, loadSources, resolveSource, SCHEMA_SOURCE_OPTIONS } from './schema-source-options.js'

/** A URL source without its password (in output and --json); files as given. */
function redactSource(source: string): string {
  return source.includes('://') ? redactUrl(source) : source
}

function render(a: string, b: string, changes: readonly SchemaChange[]): string {
  if (changes.length === 0) return `no differences between ${a} and ${b}`
  const summary = summarizeChanges(changes)
  const counts = Object.entries(summary)
    .filter(([, n]) => n > 0)
    .map(([risk, n]) => `${n} ${risk}`)
    .join(', ')
  const width = Math.max(...changes.map((c) => c.risk.length))
  return [
    ...changes.map((c) => `${c.risk.padEnd(width)}  ${c.message}`),
    '',
    `${changes.length} changes: ${counts}`,
  ].join('\n')
}

export const schemaDiffCommand = defineCommand({
  name: ['schema', 'diff'],
  summary: 'Compare two schemas (database URL, snapshot file or .sql file); exit 1 when they differ.',
  args: 'A B',
  options: { ...SCHEMA_SOURCE_OPTIONS, ...DIFF_OPTIONS },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length !== 2) {
      throw usageError(
        `Failed to diff: expected two schemas, got ${args.positionals.length}. Usage: pgtestbed schema diff A B (each a postgres:// URL, a snapshot file or a .sql file).`,
      )
    }
    const [a = '', b = ''] = args.positionals.map(redactSource)
    const [before, after] = await loadSources(
      args.positionals.map((source) => resolveSource(source, io)),
      args,
      io,
    )
    if (before === undefined || after === undefined)
      throw usageError('Failed to diff: a schema could not be read.')
    const changes = diffSchemas(before, after, {
      ignore: listOption(args, 'ignore'),
      ignoreColumnOrder: args.values['ignore-column-order'] === true,
      ignoreGeneratedNameSuffixes: args.values['ignore-name-suffixes'] === true,
    })
    return {
      data: { a, b, equal: changes.length === 0, summary: summarizeChanges(changes), changes },
      human: render(a, b, changes),
      exitCode: changes.length === 0 ? 0 : 1,
    }
  },
})
