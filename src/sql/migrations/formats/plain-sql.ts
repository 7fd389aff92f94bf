/**
 * A plain folder of `.sql` files applied in name order (ups only).
 * @module
 */
import { join } from 'node:path'
import { type MigrationFormat, migration, script } from '../model.js'
import { hasNoTransactionMarker, listDir, readText } from './shared.js'

/**
 * Plain `.sql` files in code-point name order; `-- pgtestbed:no-transaction` runs one outside a transaction.
 *
 * @example
 * const migrations = await plainSqlFormat.read('db/migrations')
 */
export const plainSqlFormat: MigrationFormat = {
  name: 'sql',
  supportsDown: false,
  describe: 'sql: *.sql files applied in name order',
  async detect(dir) {
    const { files } = await listDir(dir)
    return files.some((f) => f.endsWith('.sql'))
  },
  async read(dir) {
    const { files } = await listDir(dir)
    const out = []
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      const file = join(dir, name)
      const sql = await readText(file)
      out.push(
        migration({
          id: name.replace(/\.sql$/, ''),
          name,
          up: script(sql, file, 1, !hasNoTransactionMarker(sql)),
        }),
      )
    }
    return out
  },
}
