/**
 * `pgtestbed fixtures new VERSION [--from V]`: scaffold a fixture version folder.
 * @module
 */
import { newFixtureVersion } from '../../fixtures/index.js'
import { defineCommand, usageError } from '../command.js'
import { projectConfig } from '../project.js'
import { FIXTURE_OPTIONS, fixturesDir } from './fixtures-shared.js'

export const fixturesNewCommand = defineCommand({
  name: ['fixtures', 'new'],
  summary: 'Scaffold a fixture version (copying the latest or --from version).',
  args: 'VERSION',
  options: {
    dir: FIXTURE_OPTIONS.dir,
    from: {
      type: 'string',
      value: 'V',
      default: 'the latest version',
      description: 'The version to copy',
    },
  },
  allowPositionals: true,
  async run(args, io) {
    const version = args.positionals[0]
    if (version === undefined)
      throw usageError('Failed to scaffold: no VERSION given. Example: pgtestbed fixtures new 1.2.0')
    const from = args.values['from']
    const result = newFixtureVersion({
      dir: fixturesDir(args, io, await projectConfig(io)),
      version,
      ...(typeof from === 'string' ? { from } : {}),
    })
    return {
      data: result,
      human: [
        `created v${result.version}${result.from === null ? '' : ` from v${result.from}`}:`,
        ...result.created.map((c) => `  ${c}`),
      ].join('\n'),
    }
  },
})
