/**
 * Prisma Migrate: `<timestamp>_<name>/migration.sql`, no down migrations (Prisma has none:
 * down checks are skipped and reported as such).
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { assertUniqueVersions, hasNoTransactionMarker, layoutError, listDir, readText } from './shared.js'

/** Reads `<ts>_<name>/migration.sql` folders in name order; shared with the new Drizzle layout. */
export async function readMigrationSqlDirs(dir: string, tool: string): Promise<Migration[]> {
  const { dirs } = await listDir(dir)
  const out: Migration[] = []
  for (const name of dirs) {
    if (name === 'meta') continue
    const file = join(dir, name, 'migration.sql')
    if (!existsSync(file)) {
      layoutError(
        `read ${tool} migration ${name}`,
        `${name}/migration.sql is missing`,
        'Every migration folder needs a migration.sql (or move the folder out).',
        join(dir, name),
      )
    }
    const sql = await readText(file)
    out.push(
      migration({
        id: /^(\d+)/.exec(name)?.[1] ?? name,
        name,
        up: script(sql, file, 1, !hasNoTransactionMarker(sql)),
      }),
    )
  }
  assertUniqueVersions(
    out.map((m) => ({ version: m.id, file: m.up.file })),
    dir,
  )
  return out
}

/**
 * Reads a `prisma/migrations` folder.
 *
 * @example
 * const migrations = await prismaFormat.read('prisma/migrations')
 */
export const prismaFormat: MigrationFormat = {
  name: 'prisma',
  supportsDown: false,
  describe: 'prisma: <timestamp>_<name>/migration.sql (no downs)',
  async detect(dir) {
    const { dirs } = await listDir(dir)
    return dirs.some((d) => existsSync(join(dir, d, 'migration.sql')))
  },
  read(dir) {
    return readMigrationSqlDirs(dir, 'Prisma')
  },
}
