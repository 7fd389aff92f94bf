/**
 * The database a `vector` command works on: `--url`, else `DATABASE_URL`, else a fresh database
 * from the project's template (migrated and seeded, on the configured engine), dropped afterwards.
 * @module
 */
import pg from '../../internal/pg.js'
import { createTestbed } from '../../pool/index.js'
import { type CommandArgs, type CommandIO, type OptionTable, stringOption } from '../command.js'
import { progressOf } from '../progress.js'

/** The `--url` option the vector commands share. */
export const VECTOR_URL_OPTION = {
  url: {
    type: 'string',
    value: 'URL',
    default: "$DATABASE_URL, else a fresh database from the project's template",
    description: 'The database to check',
  },
} as const satisfies OptionTable

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Runs `work` with a client on the command's database.
 *
 * @example
 * const report = await withVectorDatabase(args, io, (client) => checkRecall(client, options))
 */
export async function withVectorDatabase<T>(
  args: CommandArgs,
  io: CommandIO,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const url = stringOption(args, 'url') ?? io.env['DATABASE_URL']
  if (url !== undefined) {
    progressOf(io).phase('connecting to PostgreSQL')
    return withClient(url, work)
  }
  progressOf(io).phase('starting PostgreSQL and the template')
  const bed = await createTestbed(undefined, { cwd: io.cwd, env: io.env, poolSize: 1, preconnect: false })
  try {
    const db = await bed.acquire()
    try {
      return await withClient(db.url, work)
    } finally {
      await db.release({ outcome: 'passed' })
    }
  } finally {
    await bed.close()
  }
}
