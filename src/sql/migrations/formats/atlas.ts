/**
 * Atlas versioned migrations: `<version>_<name>.sql` files with an `atlas.sum` integrity file.
 * Reading checks `atlas.sum` the way `atlas migrate validate` does (a chained SHA-256 per file)
 * and names the first file that changed. `-- atlas:txmode none` runs a file outside a transaction.
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type MigrationFormat, migration, script } from '../model.js'
import { hasNoTransactionMarker, layoutError, listDir, readText } from './shared.js'

/** One `atlas.sum` line: file name and its `h1:` hash (base64 SHA-256). */
export interface AtlasSumEntry {
  readonly name: string
  readonly hash: string
}

/**
 * The hashes `atlas migrate hash` writes for `files` (name order): each file's hash covers every
 * name and content before it too, so one edit changes the hashes from that file on.
 */
export function atlasHashes(files: readonly { name: string; text: string }[]): AtlasSumEntry[] {
  const running = createHash('sha256')
  return files.map((f) => {
    running.update(f.name)
    running.update(f.text)
    return { name: f.name, hash: running.copy().digest('base64') }
  })
}

/** The first line of `atlas.sum`: the sum over every entry. */
export function atlasTotal(entries: readonly AtlasSumEntry[]): string {
  const sum = createHash('sha256')
  for (const e of entries) sum.update(e.name).update(e.hash)
  return sum.digest('base64')
}

/** Parses `atlas.sum`: the total and the entries. */
export function parseAtlasSum(text: string): { total: string; entries: AtlasSumEntry[] } {
  const [first = '', ...rest] = text.split('\n').filter((l) => l.trim() !== '')
  const entries = rest.map((line) => {
    const [name = '', hash = ''] = line.split(' h1:')
    return { name: name.trim(), hash: hash.trim() }
  })
  return { total: first.replace(/^h1:/, '').trim(), entries }
}

/**
 * Reads an Atlas migration directory after checking `atlas.sum`.
 *
 * @example
 * const migrations = await atlasFormat.read('migrations')
 */
export const atlasFormat: MigrationFormat = {
  name: 'atlas',
  supportsDown: false,
  describe: 'atlas: <version>_<name>.sql with atlas.sum',
  async detect(dir) {
    return existsSync(join(dir, 'atlas.sum'))
  },
  async read(dir) {
    const sumFile = join(dir, 'atlas.sum')
    const { files } = await listDir(dir)
    const sql = await Promise.all(
      files
        .filter((f) => f.endsWith('.sql'))
        .map(async (name) => ({ name, text: await readText(join(dir, name)) })),
    )
    const recorded = parseAtlasSum(await readText(sumFile))
    const actual = atlasHashes(sql)
    const fix = 'If the change is intended, run "atlas migrate hash"; else restore the file.'
    const changed = actual.findIndex(
      (a, i) => recorded.entries[i]?.name !== a.name || recorded.entries[i]?.hash !== a.hash,
    )
    if (changed !== -1) {
      const name = actual[changed]!.name
      const listed = recorded.entries.some((e) => e.name === name)
      layoutError(
        `check ${sumFile}`,
        listed ? `${name} changed after atlas.sum was written` : `${name} is not in atlas.sum`,
        fix,
        join(dir, name),
      )
    }
    if (recorded.entries.length > actual.length) {
      const gone = recorded.entries[actual.length]!.name
      layoutError(`check ${sumFile}`, `${gone} is in atlas.sum but not in the folder`, fix, sumFile)
    }
    if (recorded.total !== atlasTotal(recorded.entries)) {
      layoutError(
        `check ${sumFile}`,
        'its first line (the total) does not match its entries',
        fix,
        sumFile,
        1,
      )
    }
    return sql.map(({ name, text }) =>
      migration({
        id: /^([^_]+)/.exec(name)?.[1] ?? name,
        name,
        up: script(text, join(dir, name), 1, !hasNoTransactionMarker(text)),
      }),
    )
  },
}
