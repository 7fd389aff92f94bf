/**
 * `pgtestbed migrations status`: the detected format and the migrations in order; with `--db`,
 * what the tool's own state table says (applied, pending, changed, dirty, out of order), and
 * whether history was edited or left dirty (exit 1).
 * @module
 */
import { relative } from 'node:path'
import type pg from 'pg'
import { connectClient } from '../../engine/index.js'
import {
  type MigrationStatus,
  migrationStatus,
  STATE_TABLES,
  type StateTool,
} from '../../migrations/index.js'
import { defineCommand, stringOption, usageError } from '../command.js'
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
    "Show the migration format and migrations in order; with --db, the tool's state table: applied/pending/changed/dirty/out-of-order",
  options: {
    ...MIGRATION_DIR_OPTIONS,
    db: { type: 'string', value: 'URL', description: 'Show which migrations are applied in this database' },
    tool: {
      type: 'string',
      value: 'TOOL',
      default: 'auto',
      description: `Whose state table to read: auto (the layout's tool), ${Object.keys(STATE_TABLES).join(', ')}`,
    },
  },
  async run(args, io) {
    const tool = stringOption(args, 'tool') ?? 'auto'
    if (tool !== 'auto' && !(tool in STATE_TABLES)) {
      throw usageError(
        `--tool ${tool} is not known. Use auto or one of: ${Object.keys(STATE_TABLES).join(', ')}.`,
      )
    }
    const { set } = await loadMigrationSet(args, io)
    const db = stringOption(args, 'db')
    const status =
      db === undefined
        ? undefined
        : await statusOf(db, (client) => migrationStatus(client, set, { tool: tool as StateTool | 'auto' }))
    const rows = set.migrations.map((m, i) => ({
      id: m.id,
      name: m.name,
      file: m.up.file,
      down: m.down !== undefined,
      transaction: m.up.transaction,
      ...(status !== undefined ? { state: status.rows[i]!.state } : {}),
      ...(status?.rows[i]?.note !== undefined ? { note: status.rows[i]?.note } : {}),
    }))
    const data = {
      format: set.format,
      dir: set.dir,
      supportsDown: set.supportsDown,
      migrations: rows,
      ...(status !== undefined
        ? {
            ok: status.ok,
            tool: status.tool,
            table: status.table,
            tableFound: status.tableFound,
            missing: status.missing,
          }
        : {}),
    }
    const human = [
      `${set.format} migrations in ${relative(io.cwd, set.dir) || '.'}${set.supportsDown ? '' : ' (this format has no down migrations)'}`,
      ...(status === undefined
        ? []
        : [
            `state from ${status.table} (${status.tool})${status.tableFound ? '' : ': no such table yet, nothing applied'}`,
          ]),
      ...rows.map(
        (r) =>
          `  ${r.state === undefined ? '' : `${r.state.padEnd(12)} `}${r.name}${r.down ? '' : set.supportsDown ? '  (no down)' : ''}${r.transaction ? '' : '  (no transaction)'}${r.note === undefined ? '' : `  — ${r.note}`}`,
      ),
      ...(status?.missing.length
        ? [`  applied but no longer in the folder: ${status.missing.join(', ')}`]
        : []),
    ].join('\n')
    return { data, human, exitCode: status === undefined || status.ok ? 0 : 1 }
  },
})
