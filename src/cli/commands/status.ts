/**
 * `pgtestbed status`: is the project's server running, and what pgtestbed has on it.
 * @module
 */
import pg from 'pg'
import type { ResolvedConfig } from '../../config/index.js'
import { findUpCluster, redactUrl } from '../../engine/index.js'
import { messageOf } from '../../errors.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'

export interface StatusResult {
  readonly engine: 'embedded' | 'url'
  readonly running: boolean
  /** The admin URL with its password (secret-bearing; human output shows `***`). */
  readonly url: string | undefined
  readonly serverVersion: string | undefined
  /** Databases with the project prefix, by kind. */
  readonly databases:
    | { readonly templates: number; readonly clones: number; readonly kept: number }
    | undefined
  readonly error?: string
}

/** Reports on the configured server without starting anything. */
export async function status(config: ResolvedConfig): Promise<StatusResult> {
  const url =
    config.engine === 'url' ? config.url : findUpCluster(config.rootDir, config.embedded.dataRoot)?.url
  if (url === undefined) {
    return {
      engine: config.engine,
      running: false,
      url: undefined,
      serverVersion: undefined,
      databases: undefined,
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    const { rows } = await client.query<{ v: string; templates: number; clones: number; kept: number }>(
      `SELECT current_setting('server_version') AS v,
              count(*) FILTER (WHERE datistemplate)::int AS templates,
              count(*) FILTER (WHERE NOT datistemplate)::int AS clones,
              count(*) FILTER (WHERE shobj_description(oid, 'pg_database') LIKE 'pgtestbed: kept%')::int AS kept
         FROM pg_database WHERE datname LIKE $1`,
      [`${config.prefix}\\_%`],
    )
    const row = rows[0]
    return {
      engine: config.engine,
      running: true,
      url,
      serverVersion: row?.v,
      databases: { templates: row?.templates ?? 0, clones: row?.clones ?? 0, kept: row?.kept ?? 0 },
    }
  } catch (err) {
    return {
      engine: config.engine,
      running: false,
      url,
      serverVersion: undefined,
      databases: undefined,
      error: messageOf(err),
    }
  } finally {
    await client.end().catch(() => undefined)
  }
}

export const statusCommand = defineCommand({
  name: ['status'],
  summary: 'Show whether the project server is running and what pgtestbed keeps on it',
  usage: 'pgtestbed status [--json]',
  async run(_args, io) {
    const data = await status(await projectConfig(io))
    const human = data.running
      ? `${data.engine} PostgreSQL ${data.serverVersion} running at ${redactUrl(data.url ?? '')}\n` +
        `databases: ${data.databases?.templates} templates, ${data.databases?.clones} others (${data.databases?.kept} kept for inspection)`
      : `not running${data.error ? `: ${data.error}` : ' (start it with `pgtestbed up`)'}`
    return { data, human, exitCode: data.running ? 0 : 1 }
  },
})
