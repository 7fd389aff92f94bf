/**
 * `pgtestbed down`: stops the cluster `pgtestbed up` started for this project.
 * @module
 */
import type { ResolvedConfig } from '../../config/index.js'
import { redactUrl, stopUpCluster } from '../../engine/index.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'

export interface DownResult {
  readonly stopped: boolean
  /** The server stopped was one a killed `pgtestbed up` left half-started. */
  readonly abandoned?: boolean
  /** The stopped server's URL, password redacted. */
  readonly url: string | undefined
}

/** Stops the project's `up` cluster; `stopped: false` when none was running. */
export async function down(config: ResolvedConfig): Promise<DownResult> {
  const { stopped, url } = await stopUpCluster(config.rootDir, config.embedded.dataRoot)
  if (stopped === 'none') return { stopped: false, url: undefined }
  return {
    stopped: true,
    url: url === undefined ? undefined : redactUrl(url),
    ...(stopped === 'abandoned' ? { abandoned: true } : {}),
  }
}

export const downCommand = defineCommand({
  name: ['down'],
  summary: 'Stop the server `pgtestbed up` started',
  async run(_args, io) {
    const data = await down(await projectConfig(io))
    return {
      data,
      human: !data.stopped
        ? 'nothing was running'
        : data.abandoned
          ? `stopped a server a killed \`pgtestbed up\` left half-started (${data.url})`
          : `stopped ${data.url}`,
    }
  },
})
