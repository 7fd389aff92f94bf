/**
 * Graphile Migrate: `committed/<000001>[-slug].sql` files, each opening with `--! Previous:` and
 * `--! Hash:` headers that chain it to the one before (SHA-1 over the previous hash and the body).
 * Reading checks the chain and every hash the way `graphile-migrate migrate` does; `--! no-transaction`
 * runs a file outside a transaction. `current.sql` (work in progress) is not a migration.
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { byCodePoint, layoutError, listDir, readText } from './shared.js'

const FILE = /^(\d{6,})(-[-_a-zA-Z0-9]*)?\.sql$/
const HEADER = /^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$/

/** A committed migration's headers and body (the SQL after the blank line). */
export interface GraphileMigrationFile {
  readonly headers: Readonly<Record<string, string | null>>
  readonly body: string
  /** 1-based line where the body starts. */
  readonly bodyLine: number
}

/** Splits a committed file into headers and body. */
export function parseGraphileMigration(text: string): GraphileMigrationFile {
  const lines = text.split('\n')
  const headers: Record<string, string | null> = {}
  let count = 0
  for (const line of lines) {
    const match = HEADER.exec(line)
    if (!match) break
    headers[match[1]!] = match[2]?.trim() ?? null
    count++
  }
  const skip = lines[count] === '' ? count + 1 : count
  return { headers, body: lines.slice(skip).join('\n'), bodyLine: skip + 1 }
}

/** Graphile Migrate's hash of `body` after `previous` (null for the first migration). */
export function graphileHash(body: string, previous: string | null): string {
  return `sha1:${createHash('sha1')
    .update(`${`${previous ?? ''}\n${body}`.trim()}\n`)
    .digest('hex')}`
}

/** The folder holding committed migrations: `dir/committed`, or `dir` itself when it is one. */
export function committedDir(dir: string): string {
  return basename(dir) === 'committed' ? dir : join(dir, 'committed')
}

/**
 * Reads a Graphile Migrate `migrations/` folder (or its `committed/` folder).
 *
 * @example
 * const migrations = await graphileMigrateFormat.read('migrations')
 */
export const graphileMigrateFormat: MigrationFormat = {
  name: 'graphile-migrate',
  supportsDown: false,
  describe: 'graphile-migrate: committed/000001.sql with --! Previous / --! Hash headers',
  async detect(dir) {
    const committed = committedDir(dir)
    if (!existsSync(committed)) return false
    for (const name of (await listDir(committed)).files.filter((f) => FILE.test(f))) {
      if (/^--! Previous:/m.test(await readText(join(committed, name)))) return true
    }
    return false
  },
  async read(dir) {
    const committed = committedDir(dir)
    const names = (await listDir(committed)).files.filter((f) => FILE.test(f)).sort(byCodePoint)
    const out: Migration[] = []
    let previous: string | null = null
    for (const name of names) {
      const file = join(committed, name)
      const parsed = parseGraphileMigration(await readText(file))
      const recordedPrevious = parsed.headers.Previous
      const recordedHash = parsed.headers.Hash
      if (recordedPrevious === undefined || recordedHash === undefined || recordedHash === null) {
        layoutError(
          `read Graphile Migrate migration ${name}`,
          'it has no "--! Previous:" and "--! Hash:" headers',
          'Committed migrations are written by "graphile-migrate commit"; restore the headers.',
          file,
          1,
        )
      }
      const expectedPrevious = recordedPrevious === '-' || recordedPrevious === null ? null : recordedPrevious
      if (expectedPrevious !== previous) {
        layoutError(
          `check the Graphile Migrate hash chain at ${name}`,
          `its "--! Previous:" is ${expectedPrevious ?? '-'} but the migration before it hashes to ${previous ?? '(none)'}`,
          'Restore the missing or reordered migration (committed migrations are never renumbered).',
          file,
          1,
        )
      }
      const hash = graphileHash(parsed.body, previous)
      if (hash !== recordedHash && !('AllowInvalidHash' in parsed.headers)) {
        layoutError(
          `check the Graphile Migrate hash of ${name}`,
          `the body hashes to ${hash}, not the ${recordedHash} in its "--! Hash:" header: it was edited after commit`,
          'Restore the committed body (put new changes in current.sql), or add "--! AllowInvalidHash".',
          file,
          parsed.headers.Hash === undefined ? 1 : Object.keys(parsed.headers).indexOf('Hash') + 1,
        )
      }
      const noTransaction = /^--! no-transaction\b/m.test(parsed.body.split('\n', 1)[0] ?? '')
      out.push(
        migration({
          id: /^(\d+)/.exec(name)![1]!,
          name,
          up: script(
            parsed.body,
            file,
            parsed.bodyLine,
            !noTransaction && !('no-transaction' in parsed.headers),
          ),
        }),
      )
      previous = recordedHash
    }
    return out
  },
}
