/**
 * `pgtestbed db prune`: removes what dead runs left behind; with flags, also kept databases,
 * `db new` databases and templates.
 * @module
 */
import pg from 'pg'
import type { ResolvedConfig } from '../../config/index.js'
import { KEPT_COMMENT, reapDeadDatabases } from '../../pool/index.js'
import { dropDatabaseSql, quoteIdent } from '../../sql/index.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'
import { status } from './status.js'

export interface PruneOptions {
  /** Also drop databases kept after failed tests. */
  readonly kept?: boolean
  /** Also drop `db new` databases and every template (everything with the prefix not in use). */
  readonly all?: boolean
}

/** Drops leftovers; returns their names. Databases of live runs are never touched. */
export async function dbPrune(
  config: ResolvedConfig,
  options: PruneOptions = {},
): Promise<{ dropped: string[] }> {
  const { url } = await status(config)
  if (url === undefined) return { dropped: [] }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const dropped = await reapDeadDatabases(client, {
      prefix: config.prefix,
      kept: options.kept === true || options.all === true,
    })
    if (options.all === true) {
      const { rows } = await client.query<{ name: string }>(
        `SELECT datname AS name FROM pg_database
          WHERE datname LIKE $1 AND (datname LIKE $2 OR datname LIKE $3)
            AND coalesce(shobj_description(oid, 'pg_database'), '') <> $4`,
        [`${config.prefix}\\_%`, `${config.prefix}\\_db\\_%`, `${config.prefix}\\_tpl\\_%`, KEPT_COMMENT],
      )
      for (const { name } of rows) {
        await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`)
        await client.query(dropDatabaseSql(name))
        dropped.push(name)
      }
    }
    return { dropped }
  } finally {
    await client.end()
  }
}

export const dbPruneCommand = defineCommand({
  name: ['db', 'prune'],
  summary:
    "Drop databases of dead runs (--kept: also failed tests' kept ones; --all: also db new ones and templates)",
  usage: 'pgtestbed db prune [--kept] [--all] [--json]',
  options: { kept: { type: 'boolean' }, all: { type: 'boolean' } },
  async run(args, io) {
    const data = await dbPrune(await projectConfig(io), {
      kept: args.values['kept'] === true,
      all: args.values['all'] === true,
    })
    return {
      data,
      human: data.dropped.length === 0 ? 'nothing to prune' : `dropped ${data.dropped.join(', ')}`,
    }
  },
})
