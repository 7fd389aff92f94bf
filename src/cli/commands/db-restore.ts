/**
 * `pgtestbed db restore FILE [--name NAME]`: a dump of a failed CI run (the workflow's
 * `pg_dump --format=custom` files) restored into a fresh database on the project's server.
 * @module
 */
import { restoreDump } from '../../ci/index.js'
import { redactUrl } from '../../engine/index.js'
import { defineCommand, stringOption, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { ms, projectConfig } from '../project.js'

export const dbRestoreCommand = defineCommand({
  name: ['db', 'restore'],
  summary: 'Restore a pg_dump custom-format file (a failed CI run’s dump) into a fresh database',
  args: 'FILE',
  allowPositionals: true,
  options: {
    name: { type: 'string', value: 'NAME', description: 'The new database (default <prefix>_db_<random>)' },
  },
  async run(args, io) {
    const file = args.positionals[0]
    if (file === undefined || args.positionals.length > 1)
      throw usageError(
        'Pass one dump FILE. Usage: pgtestbed db restore pgtestbed-dumps/pgt_r1_ab_3.dump [--name NAME]',
      )
    const config = await projectConfig(io)
    progressOf(io).phase('restoring the dump')
    const name = stringOption(args, 'name')
    const data = await restoreDump(config, file, name === undefined ? {} : { name })
    // The password stays out of human output; `db url NAME` (or --json) prints the full URL.
    return {
      data,
      human: `${redactUrl(data.url)}\n(${data.name} restored from ${data.file} in ${ms(data.ms)}; full URL: pgtestbed db url ${data.name})`,
    }
  },
})
