/**
 * `pgtestbed down`: stops the cluster `pgtestbed up` started for this project.
 * @module
 */
import { join } from 'node:path'
import type { ResolvedConfig } from '../../config/index.js'
import { dataRoot, findUpCluster, redactUrl, stopCluster, upClusterName } from '../../engine/index.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'

export interface DownResult {
  readonly stopped: boolean
  /** The stopped server's URL, password redacted. */
  readonly url: string | undefined
}

/** Stops the project's `up` cluster; `stopped: false` when none was running. */
export async function down(config: ResolvedConfig): Promise<DownResult> {
  const running = findUpCluster(config.rootDir, config.embedded.dataRoot)
  const dir = join(dataRoot(config.embedded.dataRoot), 'clusters', upClusterName(config.rootDir))
  await stopCluster(dir)
  return { stopped: running !== undefined, url: running === undefined ? undefined : redactUrl(running.url) }
}

export const downCommand = defineCommand({
  name: ['down'],
  summary: 'Stop the server `pgtestbed up` started',
  usage: 'pgtestbed down [--json]',
  async run(_args, io) {
    const data = await down(await projectConfig(io))
    return { data, human: data.stopped ? `stopped ${data.url}` : 'nothing was running' }
  },
})
