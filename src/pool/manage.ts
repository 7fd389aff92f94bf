/**
 * Managing what pgtestbed keeps on a project's server, for the `status` and `db` commands: is it
 * running and what is on it, drop one database, prune leftovers. Nothing here starts a server.
 * @module
 */
import type { ResolvedConfig } from '../config/index.js'
import { findUpCluster, inspectUpCluster } from '../engine/index.js'
import { ConfigError, messageOf } from '../errors.js'
import pg from '../internal/pg.js'
import { dropDatabaseSql, quoteIdent } from '../sql/index.js'
import { KEPT_COMMENT, reapDeadDatabases } from './reaper.js'

/** Is the project's server running, and what does pgtestbed keep on it. */
export interface ServerStatus {
  readonly engine: 'embedded' | 'url' | 'pglite'
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

/** The URL of the project's running server (the `up` cluster, or the configured URL), if any. */
export function runningServerUrl(config: ResolvedConfig): string | undefined {
  if (config.engine === 'pglite') return undefined // it lives inside one process only
  return config.engine === 'url' ? config.url : findUpCluster(config.rootDir, config.embedded.dataRoot)?.url
}

/**
 * Reports on the configured server without starting anything.
 *
 * @example
 * const { running, databases } = await serverStatus(await resolveConfig())
 */
export async function serverStatus(config: ResolvedConfig): Promise<ServerStatus> {
  if (config.engine === 'pglite') {
    const error = 'the pglite engine runs inside each test process; there is no server between runs'
    return {
      engine: 'pglite',
      running: false,
      url: undefined,
      serverVersion: undefined,
      databases: undefined,
      error,
    }
  }
  const up = config.engine === 'url' ? undefined : inspectUpCluster(config.rootDir, config.embedded.dataRoot)
  const url = config.engine === 'url' ? config.url : up?.kind === 'running' ? up.record.url : undefined
  const down = { engine: config.engine, running: false, url, serverVersion: undefined, databases: undefined }
  if (url === undefined) {
    return {
      ...down,
      ...(up?.kind === 'abandoned' ? { error: abandonedMessage(up.postmasterPid) } : {}),
      ...(up?.kind === 'starting' ? { error: 'a `pgtestbed up` is starting it' } : {}),
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
    return { ...down, error: messageOf(err) }
  } finally {
    await client.end().catch(() => undefined)
  }
}

function abandonedMessage(postmasterPid: number | undefined): string {
  const left = postmasterPid === undefined ? 'its files' : `a server (pid ${postmasterPid})`
  return `a killed \`pgtestbed up\` left ${left} behind; \`pgtestbed up\` replaces it, \`pgtestbed down\` removes it`
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function dropOne(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`)
  await client.query(dropDatabaseSql(name))
}

/**
 * Drops `name` if it carries the project prefix; `dropped: false` when it did not exist.
 *
 * @example
 * await dropProjectDatabase(config, 'pgt_db_1a2b3c')
 */
export async function dropProjectDatabase(
  config: ResolvedConfig,
  name: string,
): Promise<{ name: string; dropped: boolean }> {
  if (!name.startsWith(`${config.prefix}_`)) {
    throw new ConfigError(
      'PGT_USAGE',
      `Failed to drop "${name}": it was not made by pgtestbed (names start with "${config.prefix}_"). Drop it yourself if you mean to.`,
    )
  }
  const url = runningServerUrl(config)
  if (url === undefined) return { name, dropped: false }
  return withAdmin(url, async (client) => {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rows.length === 0) return { name, dropped: false }
    await dropOne(client, name)
    return { name, dropped: true }
  })
}

/** What to prune besides the databases of dead runs. */
export interface PruneOptions {
  /** Also drop databases kept after failed tests. */
  readonly kept?: boolean
  /** Also drop `db new` databases and every template (everything with the prefix not in use). */
  readonly all?: boolean
}

/** What a prune did: dropped, and what it could not drop with the server's reason. */
export interface PruneResult {
  readonly dropped: string[]
  readonly skipped: { readonly name: string; readonly reason: string }[]
}

/**
 * Drops leftovers; databases of live runs are never touched. A database the role may not drop
 * (another role owns it) is skipped and listed with the server's reason, not an error.
 *
 * @example
 * const { dropped, skipped } = await pruneDatabases(config, { all: true })
 */
export async function pruneDatabases(
  config: ResolvedConfig,
  options: PruneOptions = {},
): Promise<PruneResult> {
  const url = runningServerUrl(config)
  if (url === undefined) return { dropped: [], skipped: [] }
  return withAdmin(url, async (client) => {
    const { dropped, skipped } = await reapDeadDatabases(client, {
      prefix: config.prefix,
      kept: options.kept === true || options.all === true,
    })
    if (options.all === true) {
      const { rows } = await client.query<{ name: string }>(
        `SELECT datname AS name FROM pg_database
          WHERE datname LIKE $1 AND (datname LIKE $2 OR datname LIKE $3)
            AND coalesce(shobj_description(oid, 'pg_database'), '') <> $4
          ORDER BY datname`,
        [`${config.prefix}\\_%`, `${config.prefix}\\_db\\_%`, `${config.prefix}\\_tpl\\_%`, KEPT_COMMENT],
      )
      for (const { name } of rows) {
        try {
          await dropOne(client, name)
          dropped.push(name)
        } catch (err) {
          skipped.push({ name, reason: messageOf(err) })
        }
      }
    }
    return { dropped, skipped }
  })
}
