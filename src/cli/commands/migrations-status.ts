/**
 * `pgtestbed migrations status`: the detected format and the migrations in order; with `--db`,
 * which of them the pgtestbed runner applied there, and whether history was edited (exit 1).
 * @module
 */
import { relative } from 'node:path'
import type pg from 'pg'
import { connectClient } from '../../engine/index.js'
import { type MigrationStatus, migrationStatus } from '../../migrations/index.js'
import { defineCommand, stringOption } from '../command.js'
import { loadMigrationSet, MIGRATION_DIR_OPTIONS } from './migrations-options.js'

async function statusOf(
  url: string,
  run: (client: pg.Client) => Promise<MigrationStatus>,
): Promise<MigrationStatus> {
  const client = await connectClient(url, '--db')
  try {
    return await run(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export const migrationsStatusCommand = defineCommand({
  name: ['migrations', 'status'],
  summary:
    'Show the migration format and migrations in order; with --db, applied/pending/changed/out-of-order',
  options: {
    ...MIGRATION_DIR_OPTIONS,
    db: { type: 'string', value: 'URL', description: 'Show which migrations are applied in this database' },
  },
  async run(args, io) {
    const { set } = await loadMigrationSet(args, io)
    const db = stringOption(args, 'db')
    const status = db === undefined ? undefined : await statusOf(db, (client) => migrationStatus(client, set))
    const rows = set.migrations.map((m, i) => ({
      id: m.id,
      name: m.name,
      file: m.up.file,
      down: m.down !== undefined,
      transaction: m.up.transaction,
      ...(status !== undefined ? { state: status.rows[i]!.state } : {}),
    }))
    const data = {
      format: set.format,
      dir: set.dir,
      supportsDown: set.supportsDown,
      migrations: rows,
      ...(status !== undefined ? { ok: status.ok, missing: status.missing } : {}),
    }
    const human = [
      `${set.format} migrations in ${relative(io.cwd, set.dir) || '.'}${set.supportsDown ? '' : ' (this format has no down migrations)'}`,
      ...rows.map(
        (r) =>
          `  ${r.state === undefined ? '' : `${r.state.padEnd(12)} `}${r.name}${r.down ? '' : set.supportsDown ? '  (no down)' : ''}${r.transaction ? '' : '  (no transaction)'}`,
      ),
      ...(status?.missing.length
        ? [`  applied but no longer in the folder: ${status.missing.join(', ')}`]
        : []),
    ].join('\n')
    return { data, human, exitCode: status === undefined || status.ok ? 0 : 1 }
  },
})
