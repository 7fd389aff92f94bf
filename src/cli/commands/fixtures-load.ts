/**
 * `pgtestbed fixtures load [VERSION] [TIER] [--db URL]`: loads a tier into a database; without
 * `--db` into a fresh database (schema from the version's schema.sql or the migrations) that is
 * kept and printed — on the embedded engine, on the project's `up` cluster (started if needed,
 * as `db new` does), so the printed URL outlives the command.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { connectClient, startProjectServer } from '../../engine/index.js'
import {
  buildSchema,
  groupPartitions,
  isTier,
  loadVersion,
  openFixtures,
  resolveVersion,
} from '../../fixtures/index.js'
import pg from '../../internal/pg.js'
import { createDatabase, databaseUrl, dropDatabase, redactUrl } from '../../sql/index.js'
import { defineCommand, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { projectConfig } from '../project.js'
import { FIXTURE_OPTIONS, fixturesDir, tierOption, withServer } from './fixtures-shared.js'

export const fixturesLoadCommand = defineCommand({
  name: ['fixtures', 'load'],
  summary: 'Load a fixture tier into a database (default: a new one, kept and printed).',
  args: '[VERSION] [TIER]',
  options: {
    ...FIXTURE_OPTIONS,
    db: {
      type: 'string',
      value: 'URL',
      default: 'a new database, kept',
      description: 'Load into this database instead of a new one',
    },
    replace: { type: 'boolean', description: 'Empty the tables first' },
    seed: { type: 'string', value: 'N', default: '1', description: 'Seed for generated rows' },
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
    // A new database must outlive this command: an embedded cluster this command started would
    // stop at its exit, so use (or start) the project's lasting `up` cluster instead.
    let clusterStarted = false
    if (args.values['db'] === undefined) {
      const config = await projectConfig(io)
      if (config.engine === 'embedded') clusterStarted = !(await startProjectServer(config)).alreadyRunning
    }
    return withServer(io, async (server, config) => {
      progressOf(io).phase('loading the fixtures')
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
        await createDatabase(admin, created)
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
        // Partitioned tables with their total, their leaf partitions under them.
        const grouped = await groupPartitions(client, result.tables)
        const data = {
          version: result.version,
          tier,
          tables: grouped.tables,
          partitions: grouped.partitions,
          ms: Math.round(result.ms),
          // Secret-bearing for a database this command made (as `db new`); a --db URL is not echoed.
          url: given === undefined ? url : redactUrl(url),
          database: created ?? null,
          clusterStarted,
        }
        const total = Object.values(grouped.tables).reduce((a, b) => a + b, 0)
        const started = clusterStarted
          ? '\n(started the project cluster for it; it keeps running: `pgtestbed down` stops it)'
          : ''
        return {
          data,
          human: `loaded v${result.version} ${tier}: ${total} rows in ${Object.keys(grouped.tables).length} tables (${data.ms} ms) into ${redactUrl(url)}${created === undefined ? '' : ` (full URL: pgtestbed db url ${created})`}${started}`,
        }
      } catch (err) {
        if (created !== undefined) {
          await client.end().catch(() => undefined)
          const admin = new pg.Client({ connectionString: server.serverUrl })
          await admin.connect()
          await dropDatabase(admin, created).catch(() => undefined)
          await admin.end()
        }
        throw err
      } finally {
        await client.end().catch(() => undefined)
      }
    })
  },
})
