/**
 * node-pg-migrate SQL migrations: `<timestamp>_<name>.sql` split at `-- Up Migration` and
 * `-- Down Migration`.
 * @module
 */
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import {
  assertUniqueVersions,
  hasNoTransactionMarker,
  layoutError,
  listDir,
  readText,
  splitSections,
} from './shared.js'

const MARKERS = [/^\s*--\s*(up migration)\b(.*)$/i, /^\s*--\s*(down migration)\b(.*)$/i]

/**
 * Reads a node-pg-migrate folder of SQL migrations.
 *
 * @example
 * const migrations = await nodePgMigrateFormat.read('migrations')
 */
export const nodePgMigrateFormat: MigrationFormat = {
  name: 'node-pg-migrate',
  supportsDown: true,
  describe: 'node-pg-migrate: <timestamp>_<name>.sql with -- Up Migration / -- Down Migration',
  async detect(dir) {
    const { files } = await listDir(dir)
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      if (/^\s*--\s*up migration\b/im.test(await readText(join(dir, name)))) return true
    }
    return false
  },
  async read(dir) {
    const { files } = await listDir(dir)
    const out: Migration[] = []
    for (const name of files) {
      const file = join(dir, name)
      if (!name.endsWith('.sql')) {
        if (/\.(js|cjs|mjs|ts)$/.test(name)) {
          layoutError(
            `read node-pg-migrate migration ${name}`,
            'JavaScript/TypeScript migrations are not read, only SQL ones',
            'Convert it to SQL (-- Up Migration / -- Down Migration) or test it with node-pg-migrate itself.',
            file,
          )
        }
        continue
      }
      const { sections } = splitSections(await readText(file), MARKERS)
      const up = sections.find((s) => s.marker.toLowerCase() === 'up migration')
      const down = sections.find((s) => s.marker.toLowerCase() === 'down migration')
      if (up === undefined) {
        layoutError(
          `read node-pg-migrate migration ${name}`,
          'the file has no "-- Up Migration" line',
          'Put the migration after "-- Up Migration" and its rollback after "-- Down Migration".',
          file,
          1,
        )
      }
      out.push(
        migration({
          id: /^(\d+)/.exec(name)?.[1] ?? name,
          name,
          up: script(up.sql, file, up.line, !hasNoTransactionMarker(up.sql)),
          ...(down !== undefined && down.sql.trim() !== ''
            ? { down: script(down.sql, file, down.line, !hasNoTransactionMarker(down.sql)) }
            : {}),
        }),
      )
    }
    assertUniqueVersions(
      out.map((m) => ({ version: m.id, file: m.up.file })),
      dir,
    )
    return out
  },
}
