/**
 * Drizzle Kit, both layouts, no down migrations: the legacy `NNNN_<tag>.sql` files ordered by
 * `meta/_journal.json`, and the current `<timestamp>_<name>/migration.sql` + `snapshot.json`.
 * `--> statement-breakpoint` separates statements; every file runs in a transaction.
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { failure } from '../../../errors.js'
import { MigrationError } from '../migration-error.js'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { readMigrationSqlDirs } from './prisma.js'
import { layoutError, listDir, readText } from './shared.js'

interface JournalEntry {
  readonly idx: number
  readonly tag: string
}

async function readJournal(dir: string): Promise<JournalEntry[]> {
  const file = join(dir, 'meta', '_journal.json')
  let parsed: unknown
  try {
    parsed = JSON.parse(await readText(file))
  } catch (err) {
    throw new MigrationError(
      'PGT_MIGRATION_LAYOUT',
      failure('read meta/_journal.json', (err as Error).message, 'Regenerate it with drizzle-kit generate.'),
      { file, cause: err },
    )
  }
  const entries = (parsed as { entries?: unknown }).entries
  if (!Array.isArray(entries)) {
    layoutError(
      'read meta/_journal.json',
      'it has no "entries" array',
      'Regenerate it with drizzle-kit.',
      file,
    )
  }
  return (entries as JournalEntry[]).slice().sort((a, b) => a.idx - b.idx)
}

/**
 * Reads a Drizzle Kit output folder (`drizzle/`).
 *
 * @example
 * const migrations = await drizzleFormat.read('drizzle')
 */
export const drizzleFormat: MigrationFormat = {
  name: 'drizzle',
  supportsDown: false,
  describe: 'drizzle: meta/_journal.json + NNNN_tag.sql, or <timestamp>_<name>/migration.sql + snapshot.json',
  async detect(dir) {
    if (existsSync(join(dir, 'meta', '_journal.json'))) return true
    const { dirs } = await listDir(dir)
    return dirs.some(
      (d) => existsSync(join(dir, d, 'migration.sql')) && existsSync(join(dir, d, 'snapshot.json')),
    )
  },
  async read(dir) {
    if (!existsSync(join(dir, 'meta', '_journal.json'))) return readMigrationSqlDirs(dir, 'Drizzle')
    const out: Migration[] = []
    const { files } = await listDir(dir)
    const listed = new Set<string>()
    for (const entry of await readJournal(dir)) {
      const name = `${entry.tag}.sql`
      listed.add(name)
      const file = join(dir, name)
      if (!existsSync(file)) {
        layoutError(
          `read Drizzle migration "${entry.tag}"`,
          `meta/_journal.json lists it (idx ${entry.idx}) but ${name} does not exist`,
          'Restore the file or regenerate the journal with drizzle-kit.',
          join(dir, 'meta', '_journal.json'),
        )
      }
      out.push(
        migration({
          id: String(entry.idx).padStart(4, '0'),
          name,
          up: script(await readText(file), file, 1, true),
        }),
      )
    }
    const stray = files.find((f) => f.endsWith('.sql') && !listed.has(f))
    if (stray !== undefined) {
      layoutError(
        `read Drizzle migrations in ${dir}`,
        `${stray} is not listed in meta/_journal.json, so drizzle-kit would never apply it`,
        'Regenerate it with drizzle-kit generate, or remove it.',
        join(dir, stray),
      )
    }
    return out
  },
}
