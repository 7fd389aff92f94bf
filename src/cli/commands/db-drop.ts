/**
 * `pgtestbed db drop NAME`: drops one database pgtestbed made (refuses any other).
 * @module
 */
import { dropProjectDatabase } from '../../pool/index.js'
import { defineCommand, usageError } from '../command.js'
import { projectConfig } from '../project.js'

export const dbDropCommand = defineCommand({
  name: ['db', 'drop'],
  summary: 'Drop a database pgtestbed made',
  args: 'NAME',
  allowPositionals: true,
  async run(args, io) {
    const name = args.positionals[0]
    if (name === undefined) throw usageError('Missing the database NAME. Usage: pgtestbed db drop NAME')
    const data = await dropProjectDatabase(await projectConfig(io), name)
    return { data, human: data.dropped ? `dropped ${name}` : `${name} does not exist` }
  },
})
