/**
 * `pgtestbed db url [NAME]`: the one command that prints a full connection URL, password
 * included — of database NAME, or of the server's admin database. Everything else shows `***`.
 * @module
 */
import type { ResolvedConfig } from '../../config/index.js'
import { databaseUrl, findUpCluster, redactUrl } from '../../engine/index.js'
import { EngineError, failure } from '../../errors.js'
import pg from '../../internal/pg.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'

/** What `db url` returns; `url` carries the password (a secret-bearing field). */
export interface DbUrlResult {
  readonly name: string
  readonly url: string
}

/**
 * The full URL of `name` (default: the admin database) on the project's server.
 *
 * @example
 * const { url } = await dbUrl(await resolveConfig(), 'pgt_db_1a2b')
 */
export async function dbUrl(config: ResolvedConfig, name: string | undefined): Promise<DbUrlResult> {
  const server =
    config.engine === 'url' ? config.url : findUpCluster(config.rootDir, config.embedded.dataRoot)?.url
  if (server === undefined) {
    throw new EngineError(
      'PGT_NOT_RUNNING',
      failure(
        'print a database URL',
        'no `pgtestbed up` cluster is running for this project (a cluster a test run started stops with it)',
        'Start one with `pgtestbed up`, then run the tests again.',
      ),
    )
  }
  if (name === undefined) return { name: new URL(server).pathname.slice(1), url: server }
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 10_000 })
  client.on('error', () => undefined)
  try {
    await client.connect()
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rows.length === 0) {
      throw new EngineError(
        'PGT_USAGE',
        failure(
          `print the URL of database "${name}"`,
          `there is no such database on ${redactUrl(server)}`,
          'Check the name (`pgtestbed status` counts what is kept).',
        ),
      )
    }
  } finally {
    await client.end().catch(() => undefined)
  }
  return { name, url: databaseUrl(server, name) }
}

export const dbUrlCommand = defineCommand({
  name: ['db', 'url'],
  summary: "Print a database's full URL, password included (default: the server's admin database)",
  args: '[NAME]',
  allowPositionals: true,
  async run(args, io) {
    const data = await dbUrl(await projectConfig(io), args.positionals[0])
    return { data, human: data.url }
  },
})
