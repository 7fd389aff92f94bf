/**
 * Diesel: one folder per migration, `<version>_<name>/up.sql` and `down.sql`; a
 * `metadata.toml` with `run_in_transaction = false` runs it outside a transaction.
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { assertUniqueVersions, layoutError, listDir, readOptional, readText } from './shared.js'

const DIR = /^(\d[\d-]*)_(.+)$/

/**
 * Reads a Diesel `migrations/` folder.
 *
 * @example
 * const migrations = await dieselFormat.read('migrations')
 */
export const dieselFormat: MigrationFormat = {
  name: 'diesel',
  supportsDown: true,
  describe: 'diesel: <version>_<name>/up.sql + down.sql (+ metadata.toml)',
  async detect(dir) {
    const { dirs } = await listDir(dir)
    return dirs.some((d) => existsSync(join(dir, d, 'up.sql')))
  },
  async read(dir) {
    const { dirs } = await listDir(dir)
    const out: Migration[] = []
    for (const name of dirs) {
      const match = DIR.exec(name)
      const upFile = join(dir, name, 'up.sql')
      if (!match || !existsSync(upFile)) {
        layoutError(
          `read Diesel migration ${name}`,
          match ? `${name}/up.sql is missing` : `${name} does not match <version>_<name>`,
          'Every migration folder needs a <version>_<name> name and an up.sql.',
          join(dir, name),
        )
      }
      const metadata = await readOptional(join(dir, name, 'metadata.toml'))
      const transaction = !(
        metadata !== undefined && /^\s*run_in_transaction\s*=\s*false\s*$/m.test(metadata)
      )
      const downFile = join(dir, name, 'down.sql')
      out.push(
        migration({
          id: match[1]!.replace(/-/g, ''),
          name,
          up: script(await readText(upFile), upFile, 1, transaction),
          ...(existsSync(downFile)
            ? { down: script(await readText(downFile), downFile, 1, transaction) }
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
