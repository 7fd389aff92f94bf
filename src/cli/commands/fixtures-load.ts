/**
 * `pgtestbed fixtures load [VERSION] [TIER] [--db URL]`: loads a tier into a database; without
 * `--db` into a fresh database (schema from the version's schema.sql or the migrations) that is
 * kept and printed.
 * @module
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { connectClient, databaseUrl, redactUrl } from '../../engine/index.js'
import { buildSchema, isTier, loadVersion, openFixtures, resolveVersion } from '../../fixtures/index.js'
import { defineCommand, usageError } from '../command.js'
import { FIXTURE_OPTIONS, fixturesDir, tierOption, withServer } from './fixtures-shared.js'

export const fixturesLoadCommand = defineCommand({
  name: ['fixtures', 'load'],
  summary: 'Load a fixture tier into a database (default: a new one, kept and printed).',
  usage: 'pgtestbed fixtures load [VERSION] [TIER] [--db URL] [--replace] [--seed N] [--json]',
  options: {
    ...FIXTURE_OPTIONS,
    db: { type: 'string' },
    replace: { type: 'boolean' },
    seed: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const [versionArg, tierArg] = args.positionals
    if (tierArg !== undefined && !isTier(tierArg)) {
      throw usageError(
        `Failed to read TIER "${tierArg}": it is not a tier. Use minimal, realistic or performance.`,
      )
    }
    const tier = tierArg ?? tierOption(args)
    const seed = args.values['seed'] === undefined ? 1 : Number(args.values['seed'])
    if (!Number.isInteger(seed)) throw usageError('Failed to read --seed: it must be an integer.')
    return withServer(io, async (server, config) => {
      const version = resolveVersion(
        openFixtures(fixturesDir(args, io, config)),
        versionArg ?? config.fixtures?.version ?? 'current',
      )
      const given = args.values['db']
      let url: string
      let created: string | undefined
      if (typeof given === 'string') url = given
      else {
        created = `${server.prefix}_fx_${randomBytes(4).toString('hex')}`
        const admin = new pg.Client({ connectionString: server.serverUrl })
        await admin.connect()
        await admin.query(`CREATE DATABASE ${created}`)
        await admin.end()
        url = databaseUrl(server.serverUrl, created)
      }
      const client = await connectClient(url, given === undefined ? 'the new database' : '--db')
      try {
        if (created !== undefined) await buildSchema(client, version, config.migrations)
        const result = await loadVersion(client, version, {
          tier,
          seed,
          replace: args.values['replace'] === true,
        })
        const data = {
          version: result.version,
          tier,
          tables: result.tables,
          ms: Math.round(result.ms),
          url: redactUrl(url),
          database: created ?? null,
        }
        const total = Object.values(result.tables).reduce((a, b) => a + b, 0)
        return {
          data,
          human: `loaded v${result.version} ${tier}: ${total} rows in ${Object.keys(result.tables).length} tables (${data.ms} ms) into ${data.url}`,
        }
      } catch (err) {
        if (created !== undefined) {
          await client.end().catch(() => undefined)
          const admin = new pg.Client({ connectionString: server.serverUrl })
          await admin.connect()
          await admin.query(`DROP DATABASE IF EXISTS ${created} WITH (FORCE)`).catch(() => undefined)
          await admin.end()
        }
        throw err
      } finally {
        await client.end().catch(() => undefined)
      }
    })
  },
})
