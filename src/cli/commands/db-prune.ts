/**
 * `pgtestbed db prune`: removes what dead runs left behind; with flags, also kept databases,
 * `db new` databases and templates. What the role may not drop is listed, and the exit code is 1.
 * @module
 */
import { pruneDatabases } from '../../pool/index.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'

export const dbPruneCommand = defineCommand({
  name: ['db', 'prune'],
  summary:
    "Drop databases of dead runs (--kept: also failed tests' kept ones; --all: also db new ones and templates)",
  options: {
    kept: { type: 'boolean', description: 'Also drop databases kept after failed tests' },
    all: { type: 'boolean', description: 'Also drop `db new` databases and every template' },
  },
  async run(args, io) {
    const data = await pruneDatabases(await projectConfig(io), {
      kept: args.values['kept'] === true,
      all: args.values['all'] === true,
    })
    const lines = [data.dropped.length === 0 ? 'nothing dropped' : `dropped ${data.dropped.join(', ')}`]
    if (data.skipped.length > 0) {
      lines.push(`could not drop ${data.skipped.length}:`)
      for (const s of data.skipped) lines.push(`  ${s.name}: ${s.reason}`)
      lines.push('Prune them as their owner (or a superuser), or leave them.')
    }
    return {
      data,
      human: data.dropped.length === 0 && data.skipped.length === 0 ? 'nothing to prune' : lines.join('\n'),
      exitCode: data.skipped.length === 0 ? 0 : 1,
    }
  },
})
