/**
 * sqlx (Rust): `<version>_<description>.sql` (no down) or reversible pairs
 * `<version>_<description>.up.sql` / `.down.sql`; `-- no-transaction` as the first line runs a
 * file outside a transaction.
 *
 * Reversible sqlx folders look like golang-migrate ones, so detection asks for something only
 * sqlx has: a `-- no-transaction` first line, simple and reversible files side by side, or a Rust
 * project (`Cargo.toml`) beside the folder.
 * @module
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { assertUniqueVersions, layoutError, listDir, readText } from './shared.js'

const FILE = /^(\d+)_(.+?)(\.up|\.down)?\.sql$/
const NO_TRANSACTION = /^-- no-transaction\s*(\n|$)/

/** True when the folder could be sqlx's and has a sign that it is. */
async function looksLikeSqlx(dir: string): Promise<boolean> {
  const { files } = await listDir(dir)
  const sql = files.filter((f) => f.endsWith('.sql'))
  if (sql.length === 0 || !sql.every((f) => FILE.test(f))) return false
  if (existsSync(join(dirname(dir), 'Cargo.toml'))) return true
  const reversible = sql.some((f) => f.endsWith('.up.sql'))
  const simple = sql.some((f) => !/\.(up|down)\.sql$/.test(f))
  if (reversible && simple) return true
  for (const name of sql) if (NO_TRANSACTION.test(await readText(join(dir, name)))) return true
  return false
}

/**
 * Reads a sqlx `migrations/` folder; versions are 64-bit integers, sorted numerically.
 *
 * @example
 * const migrations = await sqlxFormat.read('migrations')
 */
export const sqlxFormat: MigrationFormat = {
  name: 'sqlx',
  supportsDown: true,
  describe:
    'sqlx: <version>_<name>.sql or .up.sql/.down.sql (with Cargo.toml beside the folder or -- no-transaction)',
  detect: looksLikeSqlx,
  async read(dir) {
    const { files } = await listDir(dir)
    const byVersion = new Map<bigint, { version: string; up?: string; down?: string }>()
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      const match = FILE.exec(name)
      if (!match) {
        layoutError(
          `read sqlx migrations in ${dir}`,
          `${name} does not match <version>_<description>.sql (or .up.sql / .down.sql)`,
          'Rename it, or move it out of the migrations folder.',
          join(dir, name),
        )
      }
      const direction = match[3] === '.down' ? 'down' : 'up'
      const entry = byVersion.get(BigInt(match[1]!)) ?? { version: match[1]! }
      if (entry[direction] !== undefined) {
        layoutError(
          `read sqlx migrations in ${dir}`,
          `version ${match[1]} has two ${direction} files (${entry[direction]} and ${name})`,
          'Give one of them a new version.',
          join(dir, name),
        )
      }
      entry[direction] = name
      byVersion.set(BigInt(match[1]!), entry)
    }
    const out: Migration[] = []
    for (const [, entry] of [...byVersion].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (entry.up === undefined) {
        layoutError(
          `read sqlx migrations in ${dir}`,
          `${entry.down} has no matching up file`,
          'Add the .up.sql file or delete the orphan down file.',
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
          name: entry.up.replace(/(\.up)?\.sql$/, ''),
          up: script(upSql, upFile, 1, !NO_TRANSACTION.test(upSql)),
          ...(downFile !== undefined && downSql !== undefined
            ? { down: script(downSql, downFile, 1, !NO_TRANSACTION.test(downSql)) }
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
