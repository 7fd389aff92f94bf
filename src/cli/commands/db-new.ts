/**
 * `pgtestbed db new`: a fresh isolated database that outlives the command (on the `up` cluster,
 * started if needed, or on the configured server).
 * @module
 */
import { redactUrl, startProjectServer, startUrl } from '../../engine/index.js'
import { createStandaloneDatabase } from '../../pool/index.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'
import { ms, projectConfig } from '../project.js'

export const dbNewCommand = defineCommand({
  name: ['db', 'new'],
  summary: 'Create a fresh isolated database from the project template and print its URL',
  async run(_args, io) {
    const config = await projectConfig(io)
    progressOf(io).phase('starting the project server')
    const server = await startProjectServer(config)
    progressOf(io).phase('creating the database from the template')
    const data = await createStandaloneDatabase(await startUrl(server.url), config)
    // The password stays out of human output; `db url NAME` (or --json) prints the full URL.
    return {
      data,
      human: `${redactUrl(data.url)}\n(${data.name} from ${data.template} in ${ms(data.ms)}; full URL: pgtestbed db url ${data.name})`,
    }
  },
})
