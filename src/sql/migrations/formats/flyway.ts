/**
 * Flyway: `V<version>__<desc>.sql` versioned, `U<version>__<desc>.sql` undo, `R__<desc>.sql`
 * repeatable (applied after the versioned ones, by description). A `<file>.conf` with
 * `executeInTransaction=false` runs a script outside a transaction.
 * @module
 */
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import {
  assertUniqueVersions,
  byCodePoint,
  compareVersions,
  hasNoTransactionMarker,
  listDir,
  readOptional,
  readText,
} from './shared.js'

const VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__(.+)\.sql$/
const REPEATABLE = /^R__(.+)\.sql$/

async function inTransaction(file: string, sql: string): Promise<boolean> {
  const conf = await readOptional(`${file}.conf`)
  if (conf !== undefined && /^\s*executeInTransaction\s*=\s*false\s*$/im.test(conf)) return false
  return !hasNoTransactionMarker(sql)
}

/**
 * Reads a Flyway `sql/` folder.
 *
 * @example
 * const migrations = await flywayFormat.read('src/main/resources/db/migration')
 */
export const flywayFormat: MigrationFormat = {
  name: 'flyway',
  supportsDown: true,
  describe: 'flyway: V<version>__<desc>.sql, U<version>__<desc>.sql, R__<desc>.sql',
  async detect(dir) {
    const { files } = await listDir(dir)
    return files.some((f) => /^V\d/.test(f) && VERSIONED.test(f))
  },
  async read(dir) {
    const { files } = await listDir(dir)
    const versioned: { version: string; name: string }[] = []
    const undo = new Map<string, string>()
    const repeatable: string[] = []
    for (const name of files) {
      const match = VERSIONED.exec(name)
      if (match?.[1] === 'V') versioned.push({ version: match[2]!.replace(/_/g, '.'), name })
      else if (match?.[1] === 'U') undo.set(match[2]!.replace(/_/g, '.'), name)
      else if (REPEATABLE.test(name)) repeatable.push(name)
    }
    assertUniqueVersions(
      versioned.map((v) => ({ version: v.version, file: join(dir, v.name) })),
      dir,
    )
    versioned.sort((a, b) => compareVersions(a.version, b.version))
    const out: Migration[] = []
    for (const v of versioned) {
      const file = join(dir, v.name)
      const sql = await readText(file)
      const undoName = [...undo.entries()].find(([version]) => compareVersions(version, v.version) === 0)?.[1]
      const undoFile = undoName === undefined ? undefined : join(dir, undoName)
      const undoSql = undoFile === undefined ? undefined : await readText(undoFile)
      out.push(
        migration({
          id: v.version,
          name: v.name,
          up: script(sql, file, 1, await inTransaction(file, sql)),
          ...(undoFile !== undefined && undoSql !== undefined
            ? { down: script(undoSql, undoFile, 1, await inTransaction(undoFile, undoSql)) }
            : {}),
        }),
      )
    }
    repeatable.sort((a, b) => byCodePoint(a, b))
    for (const name of repeatable) {
      const file = join(dir, name)
      const sql = await readText(file)
      out.push(
        migration({
          id: name.replace(/\.sql$/, ''),
          name,
          up: script(sql, file, 1, await inTransaction(file, sql)),
          repeatable: true,
        }),
      )
    }
    return out
  },
}
