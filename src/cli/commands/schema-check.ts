/**
 * `pgtestbed schema check`: the project's migrated schema vs its committed snapshot. Applies every
 * up migration to a scratch database, introspects it, and diffs it with the snapshot; exit 1 when
 * they differ. `--update` (re)writes the snapshot instead.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { migrate } from '../../migrations/index.js'
import { diffSchemas, readSnapshot, schemaAfter, summarizeChanges, toSnapshot } from '../../schema/index.js'
import { defineCommand, listOption, stringOption, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { withEngine } from '../project.js'
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
    const { set, config } = await loadMigrationSet(args, io)
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
          label: `the migrations in ${relative(io.cwd, set.dir) || '.'}`,
          ...(schemas.length > 0 ? { schemas } : {}),
          privileges: args.values['privileges'] === true,
        },
        async (db) => {
          progressOf(io).phase(`applying ${set.migrations.length} migrations`)
          await migrate(db, set, { record: false })
        },
      )
    const server = stringOption(args, 'server')
    let migrated: Awaited<ReturnType<typeof build>>
    if (server !== undefined) migrated = await build(server)
    else migrated = await withEngine(io, config, (engine) => build(engine.url))
    if (update) {
      writeFileSync(snapshotFile, toSnapshot(migrated))
      return {
        data: { snapshot: snapshotFile, updated: true, migrations: set.migrations.length },
        human: `wrote ${shown}: ${migrated.tables.length} tables after ${set.migrations.length} migrations`,
      }
    }
    const changes = diffSchemas(readSnapshot(snapshotFile), migrated, {
      ignore: listOption(args, 'ignore'),
      ignoreColumnOrder: args.values['ignore-column-order'] === true,
      ignoreGeneratedNameSuffixes: args.values['ignore-name-suffixes'] === true,
    })
    const human =
      changes.length === 0
        ? `${shown} matches the schema after ${set.migrations.length} migrations`
        : [
            `${shown} differs from the schema after ${set.migrations.length} migrations (snapshot → migrated):`,
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
