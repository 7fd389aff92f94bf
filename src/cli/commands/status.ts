/**
 * `pgtestbed status`: is the project's server running, and what pgtestbed has on it.
 * @module
 */
import { redactUrl } from '../../engine/index.js'
import { serverStatus } from '../../pool/index.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'

export const statusCommand = defineCommand({
  name: ['status'],
  summary: 'Show whether the project server is running and what pgtestbed keeps on it',
  async run(_args, io) {
    const data = await serverStatus(await projectConfig(io))
    const human = data.running
      ? `${data.engine} PostgreSQL ${data.serverVersion} running at ${redactUrl(data.url ?? '')}\n` +
        `databases: ${data.databases?.templates} templates, ${data.databases?.clones} others (${data.databases?.kept} kept for inspection)`
      : `not running${data.error ? `: ${data.error}` : ' (start it with `pgtestbed up`)'}`
    return { data, human, exitCode: data.running ? 0 : 1 }
  },
})
