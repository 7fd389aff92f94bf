/**
 * `pgtestbed db new`: a fresh isolated database that outlives the command (on the `up` cluster,
 * started if needed, or on the configured server).
 * @module
 */
import type { ResolvedConfig } from '../../config/index.js'
import { redactUrl, startUrl } from '../../engine/index.js'
import { createStandaloneDatabase, type StandaloneDatabase } from '../../pool/index.js'
import { defineCommand } from '../command.js'
import { ms, projectConfig } from '../project.js'
import { up } from './up.js'

/** Creates a database from the project's template; starts the `up` cluster when needed. */
export async function dbNew(config: ResolvedConfig): Promise<StandaloneDatabase> {
  const server = await up(config)
  const engine = await startUrl(server.url)
  return createStandaloneDatabase(engine, config)
}

export const dbNewCommand = defineCommand({
  name: ['db', 'new'],
  summary: 'Create a fresh isolated database from the project template and print its URL',
  usage: 'pgtestbed db new [--json]',
  async run(_args, io) {
    const data = await dbNew(await projectConfig(io))
    // The password stays out of human output; `db url NAME` (or --json) prints the full URL.
    return {
      data,
      human: `${redactUrl(data.url)}\n(${data.name} from ${data.template} in ${ms(data.ms)}; full URL: pgtestbed db url ${data.name})`,
    }
  },
})
