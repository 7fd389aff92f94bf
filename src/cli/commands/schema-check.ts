/**
 * `pgtestbed schema check`: the project's migrated schema vs its committed snapshot. Applies every
 * up migration to a scratch database, introspects it, and diffs it with the snapshot; exit 1 when
 * they differ. `--update` (re)writes the snapshot instead.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import type { ResolvedConfig } from '../../config/index.js'
import type { Queryable } from '../../internal/queryable.js'
import { migrate } from '../../migrations/index.js'
import { diffSchemas, readSnapshot, schemaAfter, summarizeChanges, toSnapshot } from '../../schema/index.js'
import { runMigrationCommand, TOOL_TABLE_NAMES } from '../../sql/index.js'
import {
  type CommandArgs,
  type CommandIO,
  defineCommand,
  listOption,
  stringOption,
  usageError,
} from '../command.js'
import { progressOf } from '../progress.js'
import { projectConfig, withEngine } from '../project.js'
import { loadMigrationSet, MIGRATION_DIR_OPTIONS } from './migrations-options.js'
import { DIFF_OPTIONS, SCHEMA_SOURCE_OPTIONS } from './schema-source-options.js'

export const schemaCheckCommand = defineCommand({
  name: ['schema', 'check'],
  summary: "Compare the project's migrated schema with its committed snapshot; exit 1 when they differ.",
  options: {
    snapshot: {
      type: 'string',
      value: 'FILE',
      default: 'schema.snapshot.json',
      description: 'The committed snapshot',
    },
    update: { type: 'boolean', description: '(Re)write the snapshot instead of comparing' },
    ...MIGRATION_DIR_OPTIONS,
    ...SCHEMA_SOURCE_OPTIONS,
    server: {
      ...SCHEMA_SOURCE_OPTIONS.server,
      default: 'the configured engine',
      description: 'Server on which the migrations are applied',
    },
    ...DIFF_OPTIONS,
  },
  async run(args, io) {
    const source = await migrationSource(args, io)
    const { config } = source
    const snapshotFile = resolve(
      io.cwd,
      stringOption(args, 'snapshot') ?? resolve(config.rootDir, 'schema.snapshot.json'),
    )
    const shown = relative(io.cwd, snapshotFile) || snapshotFile
    const update = args.values['update'] === true
    if (!update && !existsSync(snapshotFile)) {
      throw usageError(
        `Failed to check the schema: ${shown} does not exist. Create it with \`pgtestbed schema check --update\` and commit it.`,
      )
    }
    const schemas = listOption(args, 'schema')
    const build = (serverUrl: string) =>
      schemaAfter(
        {
          serverUrl,
          prefix: config.prefix,
          label: source.label,
          ...(schemas.length > 0 ? { schemas } : {}),
          privileges: args.values['privileges'] === true,
        },
        (db, url) => source.apply(db, url, io),
      )
    const server = stringOption(args, 'server')
    let migrated: Awaited<ReturnType<typeof build>>
    if (server !== undefined) migrated = await build(server)
    else migrated = await withEngine(io, config, (engine) => build(engine.url))
    if (update) {
      writeFileSync(snapshotFile, toSnapshot(migrated))
      return {
        data: { snapshot: snapshotFile, updated: true, migrations: source.count },
        human: `wrote ${shown}: ${migrated.tables.length} tables after ${source.what}`,
      }
    }
    const changes = diffSchemas(readSnapshot(snapshotFile), migrated, {
      ignore: [...listOption(args, 'ignore'), ...source.ignore],
      ignoreColumnOrder: args.values['ignore-column-order'] === true,
      ignoreGeneratedNameSuffixes: args.values['ignore-name-suffixes'] === true,
    })
    const human =
      changes.length === 0
        ? `${shown} matches the schema after ${source.what}`
        : [
            `${shown} differs from the schema after ${source.what} (snapshot → migrated):`,
            ...changes.map((c) => `  ${c.risk.padEnd(11)} ${c.message}`),
            'Run `pgtestbed schema check --update` if the change is intended.',
          ].join('\n')
    return {
      data: {
        snapshot: snapshotFile,
        equal: changes.length === 0,
        summary: summarizeChanges(changes),
        changes,
      },
      human,
      exitCode: changes.length === 0 ? 0 : 1,
    }
  },
})

/** Where the migrated schema comes from: the migration files, or the project's own tool. */
interface MigrationSource {
  readonly config: ResolvedConfig
  readonly label: string
  /** "4 migrations", or "`alembic upgrade head`". */
  readonly what: string
  /** How many migration files (undefined when the project's tool runs them). */
  readonly count: number | undefined
  /** Objects the comparison leaves out (the tool's bookkeeping tables). */
  readonly ignore: readonly string[]
  apply(db: Queryable, url: string, io: CommandIO): Promise<void>
}

/**
 * The config's `migrations: { command }` when set and no --dir is given (Alembic, knex, …: run
 * with DATABASE_URL aimed at the scratch database), else the migration files.
 */
async function migrationSource(args: CommandArgs, io: CommandIO): Promise<MigrationSource> {
  const config = await projectConfig(io)
  const command = stringOption(args, 'dir') === undefined ? config.migrationCommand : undefined
  if (command !== undefined) {
    return {
      config,
      label: `the migrations of \`${command.command}\``,
      what: `\`${command.command}\``,
      count: undefined,
      ignore: TOOL_TABLE_NAMES.map((name) => `*.${name}`),
      async apply(_db, url, io) {
        progressOf(io).phase(`running ${command.command}`)
        await runMigrationCommand(command.command, { url, cwd: config.rootDir })
      },
    }
  }
  const { set } = await loadMigrationSet(args, io)
  return {
    config,
    label: `the migrations in ${relative(io.cwd, set.dir) || '.'}`,
    what: `${set.migrations.length} migrations`,
    count: set.migrations.length,
    ignore: [],
    async apply(db, _url, io) {
      progressOf(io).phase(`applying ${set.migrations.length} migrations`)
      await migrate(db, set, { record: false })
    },
  }
}
