/**
 * Liquibase formatted SQL: files starting with `--liquibase formatted sql`, one migration per
 * `--changeset author:id` block, its rollback on `--rollback` lines. Files apply in name order
 * (what `includeAll` does); `runInTransaction:false` on the changeset line runs it outside a
 * transaction.
 * @module
 */
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { layoutError, listDir, readText } from './shared.js'

const HEADER = /^\s*--\s*liquibase\s+formatted\s+sql\b/i
const CHANGESET = /^\s*--\s*changeset\s+(\S+?):(\S+)(.*)$/i
const ROLLBACK = /^\s*--\s*rollback\b ?(.*)$/i

/** True when the file text is Liquibase formatted SQL (its first line says so). */
export function isLiquibaseSql(text: string): boolean {
  return HEADER.test(text.split('\n', 1)[0] ?? '')
}

/** One changeset's lines, 0-based line indexes into its file. */
interface Block {
  readonly author: string
  readonly id: string
  readonly options: string
  readonly start: number
  readonly lines: string[]
}

function blocksOf(text: string, file: string): Block[] {
  const blocks: Block[] = []
  text.split('\n').forEach((line, index) => {
    const match = CHANGESET.exec(line)
    if (match) {
      blocks.push({ author: match[1]!, id: match[2]!, options: match[3] ?? '', start: index, lines: [] })
    } else if (blocks.length > 0) {
      blocks.at(-1)!.lines.push(line)
    } else if (index > 0 && line.trim() !== '' && !/^\s*--/.test(line)) {
      layoutError(
        `read Liquibase changelog ${file}`,
        `line ${index + 1} holds SQL before the first "--changeset author:id" line`,
        'Start each change with "--changeset author:id".',
        file,
        index + 1,
      )
    }
  })
  return blocks
}

/** The block's SQL (rollback lines blanked) and its rollback (other lines blanked): line numbers stay exact. */
function split(block: Block): { up: string; down?: { sql: string; line: number } } {
  const up = block.lines.map((l) => (ROLLBACK.test(l) ? '' : l))
  const rollbackAt = block.lines.flatMap((l, i) => (ROLLBACK.test(l) ? [i] : []))
  if (rollbackAt.length === 0) return { up: up.join('\n') }
  const first = rollbackAt[0]!
  const down = block.lines.slice(first, rollbackAt.at(-1)! + 1).map((l) => ROLLBACK.exec(l)?.[1] ?? '')
  const sql = down.join('\n')
  // "--rollback not required" / "--rollback empty": nothing to undo, so no down script.
  if (/^\s*(not required|empty)\s*$/i.test(sql)) return { up: up.join('\n') }
  return { up: up.join('\n'), down: { sql, line: block.start + 2 + first } }
}

/**
 * Reads a folder of Liquibase formatted SQL changelogs.
 *
 * @example
 * const migrations = await liquibaseFormat.read('src/main/resources/db/changelog')
 */
export const liquibaseFormat: MigrationFormat = {
  name: 'liquibase',
  supportsDown: true,
  describe: 'liquibase: *.sql starting with --liquibase formatted sql, --changeset author:id, --rollback',
  async detect(dir) {
    const { files } = await listDir(dir)
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      if (isLiquibaseSql(await readText(join(dir, name)))) return true
    }
    return false
  },
  async read(dir) {
    const { files } = await listDir(dir)
    const out: Migration[] = []
    const seen = new Map<string, string>()
    for (const name of files.filter((f) => f.endsWith('.sql'))) {
      const file = join(dir, name)
      const text = await readText(file)
      if (!isLiquibaseSql(text)) {
        layoutError(
          `read Liquibase changelog ${name}`,
          'its first line is not "--liquibase formatted sql"',
          'Add that line, or move the file out of the changelog folder.',
          file,
          1,
        )
      }
      for (const block of blocksOf(text, file)) {
        const key = `${block.author}:${block.id}`
        const before = seen.get(key)
        if (before !== undefined) {
          layoutError(
            `read Liquibase changelog ${name}`,
            `changeset ${key} is defined twice (${before} and ${name}:${block.start + 1})`,
            'Give one of them a new id.',
            file,
            block.start + 1,
          )
        }
        seen.set(key, `${name}:${block.start + 1}`)
        const transaction = !/\brunInTransaction\s*:\s*false\b/i.test(block.options)
        const { up, down } = split(block)
        out.push(
          migration({
            id: key,
            name: key,
            up: script(up, file, block.start + 2, transaction),
            ...(down !== undefined ? { down: script(down.sql, file, down.line, transaction) } : {}),
          }),
        )
      }
    }
    return out
  },
}
