/**
 * `pgtestbed migrations status`: the detected format and the migrations in order; with `--db`,
 * which of them the pgtestbed runner has applied there.
 * @module
 */
import { relative } from 'node:path'
import pg from 'pg'
import { STATE_SCHEMA } from '../../migrations/index.js'
import { defineCommand } from '../command.js'
import { loadMigrationSet, MIGRATION_DIR_OPTIONS, stringOption } from './migrations-options.js'

interface StatusRow {
  readonly id: string
  readonly name: string
  readonly file: string
  readonly down: boolean
  readonly transaction: boolean
  readonly applied?: boolean
}

async function appliedIds(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client
      .query<{ id: string }>(
        `select id from ${STATE_SCHEMA}.applied where to_regclass('${STATE_SCHEMA}.applied') is not null`,
      )
      .catch(() => ({ rows: [] as { id: string }[] }))
    return new Set(rows.map((r) => r.id))
  } finally {
    await client.end().catch(() => undefined)
  }
}

export const migrationsStatusCommand = defineCommand({
  name: ['migrations', 'status'],
  summary: 'Show the migration format, the migrations in order, and (with --db) which are applied',
  usage: 'pgtestbed migrations status [--dir DIR] [--format NAME] [--db URL] [--json]',
  options: { ...MIGRATION_DIR_OPTIONS, db: { type: 'string' } },
  async run(args, io) {
    const { set } = await loadMigrationSet(args, io)
    const db = stringOption(args, 'db')
    const applied = db === undefined ? undefined : await appliedIds(db)
    const rows: StatusRow[] = set.migrations.map((m) => ({
      id: m.id,
      name: m.name,
      file: m.up.file,
      down: m.down !== undefined,
      transaction: m.up.transaction,
      ...(applied !== undefined ? { applied: applied.has(m.id) } : {}),
    }))
    const data = { format: set.format, dir: set.dir, supportsDown: set.supportsDown, migrations: rows }
    const human = [
      `${set.format} migrations in ${relative(io.cwd, set.dir) || '.'}${set.supportsDown ? '' : ' (this format has no down migrations)'}`,
      ...rows.map(
        (r) =>
          `  ${r.applied === undefined ? '' : r.applied ? '[x] ' : '[ ] '}${r.name}${r.down ? '' : set.supportsDown ? '  (no down)' : ''}${r.transaction ? '' : '  (no transaction)'}`,
      ),
    ].join('\n')
    return { data, human }
  },
})
