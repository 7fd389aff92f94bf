/**
 * `pgtestbed up`: starts the project's embedded cluster and leaves it running (or checks the
 * configured server), so tests, `db new` and `run` attach to it.
 * @module
 */
import { redactUrl, startProjectServer } from '../../engine/index.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'
import { ms, projectConfig } from '../project.js'

export const upCommand = defineCommand({
  name: ['up'],
  summary: 'Start the project server (embedded cluster) and keep it running; print its URL',
  async run(_args, io) {
    progressOf(io).phase('starting the project server')
    const data = await startProjectServer(await projectConfig(io))
    const how = data.alreadyRunning ? 'already running' : `started in ${ms(data.ms)}`
    const reaped = data.reapedAbandoned ? 'removed a cluster a killed `pgtestbed up` left behind\n' : ''
    // The password stays out of human output; `db url` (or --json) prints the full URL.
    return {
      data,
      human: `${reaped}${data.engine} PostgreSQL ${data.serverVersion} ${how}\n${redactUrl(data.url)}  (full URL: pgtestbed db url)`,
    }
  },
})
