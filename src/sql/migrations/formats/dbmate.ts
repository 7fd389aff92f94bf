/**
 * dbmate: one file per migration with `-- migrate:up` and `-- migrate:down` sections;
 * `transaction:false` on a marker line runs that section outside a transaction.
 * @module
 */
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { assertUniqueVersions, layoutError, listDir, readText, splitSections } from './shared.js'

const MARKERS = [/^\s*--\s*(migrate:up)\b(.*)$/i, /^\s*--\s*(migrate:down)\b(.*)$/i]

/**
 * Reads a dbmate folder (`<version>_<name>.sql`).
 *
 * @example
 * const migrations = await dbmateFormat.read('db/migrations')
 */
export const dbmateFormat: MigrationFormat = {
  name: 'dbmate',
  supportsDown: true,
  describe: 'dbmate: <version>_<name>.sql with -- migrate:up / -- migrate:down',
  async detect(dir) {
    const { files } = await listDir(dir)
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      if (/^\s*--\s*migrate:up\b/im.test(await readText(join(dir, name)))) return true
    }
    return false
  },
  async read(dir) {
    const { files } = await listDir(dir)
    const out: Migration[] = []
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      const file = join(dir, name)
      const { sections } = splitSections(await readText(file), MARKERS)
      const up = sections.find((s) => s.marker.toLowerCase() === 'migrate:up')
      const down = sections.find((s) => s.marker.toLowerCase() === 'migrate:down')
      if (up === undefined) {
        layoutError(
          `read dbmate migration ${name}`,
          'the file has no "-- migrate:up" line',
          'Start the file with "-- migrate:up" (and put the rollback after "-- migrate:down").',
          file,
          1,
        )
      }
      const version = /^(\d+)/.exec(name)?.[1] ?? name
      const inTransaction = (options: string) => !/transaction\s*:\s*false/i.test(options)
      out.push(
        migration({
          id: version,
          name,
          up: script(up.sql, file, up.line, inTransaction(up.options)),
          ...(down !== undefined && down.sql.trim() !== ''
            ? { down: script(down.sql, file, down.line, inTransaction(down.options)) }
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
