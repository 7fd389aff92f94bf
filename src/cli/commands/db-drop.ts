/**
 * `pgtestbed db drop NAME`: drops one database pgtestbed made (refuses any other).
 * @module
 */
import pg from 'pg'
import type { ResolvedConfig } from '../../config/index.js'
import { ConfigError } from '../../errors.js'
import { dropDatabaseSql, quoteIdent } from '../../sql/index.js'
import { defineCommand, usageError } from '../command.js'
import { projectConfig } from '../project.js'
import { status } from './status.js'

/** Drops `name` if it carries the project prefix; `dropped: false` when it did not exist. */
export async function dbDrop(
  config: ResolvedConfig,
  name: string,
): Promise<{ name: string; dropped: boolean }> {
  if (!name.startsWith(`${config.prefix}_`)) {
    throw new ConfigError(
      'PGT_USAGE',
      `Failed to drop "${name}": it was not made by pgtestbed (names start with "${config.prefix}_"). Drop it yourself if you mean to.`,
    )
  }
  const { url } = await status(config)
  if (url === undefined) return { name, dropped: false }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rows.length === 0) return { name, dropped: false }
    await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`)
    await client.query(dropDatabaseSql(name, { ifExists: false }))
    return { name, dropped: true }
  } finally {
    await client.end()
  }
}

export const dbDropCommand = defineCommand({
  name: ['db', 'drop'],
  summary: 'Drop a database pgtestbed made',
  usage: 'pgtestbed db drop NAME [--json]',
  allowPositionals: true,
  async run(args, io) {
    const name = args.positionals[0]
    if (name === undefined) throw usageError('Missing the database NAME. Usage: pgtestbed db drop NAME')
    const data = await dbDrop(await projectConfig(io), name)
    return { data, human: data.dropped ? `dropped ${name}` : `${name} does not exist` }
  },
})
