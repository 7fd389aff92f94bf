/**
 * The reader goose and sql-migrate share: one `<version>_<name>.sql` file per migration, split at
 * `-- +<tool> Up` / `-- +<tool> Down` lines. `StatementBegin`/`StatementEnd` lines stay in the
 * SQL as comments (the statement splitter understands dollar quotes without them).
 * @module
 */
import { join } from 'node:path'
import { type Migration, migration, script } from '../model.js'
import {
  assertUniqueVersions,
  compareVersions,
  layoutError,
  listDir,
  readText,
  splitSections,
} from './shared.js'

/** What differs between goose and sql-migrate. */
export interface MarkedSectionsTool {
  /** `goose` or `migrate`: the word after `-- +`. */
  readonly word: string
  /** Display name for messages. */
  readonly tool: string
  /** True when the section (its marker line's options, or the whole file) runs outside a transaction. */
  noTransaction(markerOptions: string, fileText: string): boolean
}

function markers(word: string): RegExp[] {
  return [
    new RegExp(`^\\s*--\\s*\\+${word}\\s+(up)\\b(.*)$`, 'i'),
    new RegExp(`^\\s*--\\s*\\+${word}\\s+(down)\\b(.*)$`, 'i'),
  ]
}

/** True when some `.sql` file of `dir` has a `-- +<word> Up` line. */
export async function hasMarkedSections(dir: string, word: string): Promise<boolean> {
  const up = markers(word)[0]!
  const { files } = await listDir(dir)
  for (const name of files.filter((f) => f.endsWith('.sql'))) {
    if ((await readText(join(dir, name))).split('\n').some((line) => up.test(line))) return true
  }
  return false
}

/** Reads every `.sql` file of `dir` as one migration, ordered by its numeric version prefix. */
export async function readMarkedSections(dir: string, t: MarkedSectionsTool): Promise<Migration[]> {
  const { files } = await listDir(dir)
  const out: { version: string; migration: Migration }[] = []
  for (const name of files) {
    const file = join(dir, name)
    if (/\.go$/.test(name)) {
      layoutError(
        `read ${t.tool} migration ${name}`,
        'Go migrations are not read, only SQL ones',
        `Convert it to SQL (-- +${t.word} Up / -- +${t.word} Down) or test it with ${t.tool} itself.`,
        file,
      )
    }
    if (!name.endsWith('.sql')) continue
    const text = await readText(file)
    const { sections } = splitSections(text, markers(t.word))
    const up = sections.find((s) => s.marker.toLowerCase() === 'up')
    const down = sections.find((s) => s.marker.toLowerCase() === 'down')
    if (up === undefined) {
      layoutError(
        `read ${t.tool} migration ${name}`,
        `the file has no "-- +${t.word} Up" line`,
        `Put the migration after "-- +${t.word} Up" and its rollback after "-- +${t.word} Down".`,
        file,
        1,
      )
    }
    const version = /^(\d+)/.exec(name)?.[1] ?? name.replace(/\.sql$/, '')
    out.push({
      version,
      migration: migration({
        id: version,
        name,
        up: script(up.sql, file, up.line, !t.noTransaction(up.options, text)),
        ...(down !== undefined && down.sql.trim() !== ''
          ? { down: script(down.sql, file, down.line, !t.noTransaction(down.options, text)) }
          : {}),
      }),
    })
  }
  assertUniqueVersions(
    out.map((o) => ({ version: o.version, file: o.migration.up.file })),
    dir,
  )
  return out.sort((a, b) => compareVersions(a.version, b.version)).map((o) => o.migration)
}
