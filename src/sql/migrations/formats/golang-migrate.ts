/**
 * golang-migrate: `{version}_{title}.up.sql` with an optional `{version}_{title}.down.sql`.
 * @module
 */
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import {
  assertNoGaps,
  assertUniqueVersions,
  hasNoTransactionMarker,
  layoutError,
  listDir,
  readText,
} from './shared.js'

const FILE = /^(\d+)_(.+)\.(up|down)\.sql$/

/**
 * Reads a golang-migrate folder; versions are numbers, sorted numerically.
 *
 * @example
 * const migrations = await golangMigrateFormat.read('migrations')
 */
export const golangMigrateFormat: MigrationFormat = {
  name: 'golang-migrate',
  supportsDown: true,
  describe: 'golang-migrate: N_name.up.sql / N_name.down.sql',
  async detect(dir) {
    const { files } = await listDir(dir)
    return files.some((f) => FILE.test(f) && f.endsWith('.up.sql'))
  },
  async read(dir) {
    const { files } = await listDir(dir)
    const byVersion = new Map<string, { version: string; title: string; up?: string; down?: string }>()
    for (const name of files) {
      if (!name.endsWith('.sql')) continue
      const match = FILE.exec(name)
      if (!match) {
        layoutError(
          `read golang-migrate migrations in ${dir}`,
          `${name} does not match {version}_{title}.up.sql or .down.sql`,
          'Rename it, or move it out of the migrations folder.',
          join(dir, name),
        )
      }
      const [, version, title, direction] = match as unknown as [string, string, string, 'up' | 'down']
      const key = BigInt(version).toString()
      const entry = byVersion.get(key) ?? { version, title }
      if (entry[direction] !== undefined) {
        layoutError(
          `read golang-migrate migrations in ${dir}`,
          `version ${version} has two ${direction} files (${entry[direction]} and ${name})`,
          'Give one of them a new version.',
          join(dir, name),
        )
      }
      entry[direction] = name
      byVersion.set(key, entry)
    }
    const entries = [...byVersion.values()].sort((a, b) => (BigInt(a.version) < BigInt(b.version) ? -1 : 1))
    const out: Migration[] = []
    for (const entry of entries) {
      if (entry.up === undefined) {
        layoutError(
          `read golang-migrate migrations in ${dir}`,
          `${entry.down} has no matching ${entry.version}_${entry.title}.up.sql`,
          'Add the up file or delete the orphan down file.',
          join(dir, entry.down ?? ''),
        )
      }
      const upFile = join(dir, entry.up)
      const upSql = await readText(upFile)
      const downFile = entry.down === undefined ? undefined : join(dir, entry.down)
      const downSql = downFile === undefined ? undefined : await readText(downFile)
      out.push(
        migration({
          id: entry.version,
          name: entry.up.replace(/\.up\.sql$/, ''),
          up: script(upSql, upFile, 1, !hasNoTransactionMarker(upSql)),
          ...(downFile !== undefined && downSql !== undefined
            ? { down: script(downSql, downFile, 1, !hasNoTransactionMarker(downSql)) }
            : {}),
        }),
      )
    }
    const versions = out.map((m) => ({ version: m.id, file: m.up.file }))
    assertUniqueVersions(versions, dir)
    assertNoGaps(versions, dir)
    return out
  },
}
