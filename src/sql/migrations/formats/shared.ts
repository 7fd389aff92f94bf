/**
 * Helpers the format readers share: listing a folder, splitting a file into marked sections
 * (keeping line numbers), ordering versions and reporting layout problems.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { failure } from '../../../errors.js'
import { MigrationError } from '../migration-error.js'

/** Names of the entries of `dir`, sorted by code point; empty when `dir` is missing. */
export async function listDir(dir: string): Promise<{ files: string[]; dirs: string[] }> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return { files: [], dirs: [] }
  }
  names.sort(byCodePoint)
  const files: string[] = []
  const dirs: string[] = []
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined)
    if (info?.isDirectory()) dirs.push(name)
    else if (info?.isFile()) files.push(name)
  }
  return { files, dirs }
}

/** Plain code-point order (what `ls` with LC_ALL=C prints). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Reads a UTF-8 file, or undefined when it does not exist. */
export async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Reads a UTF-8 file. */
export function readText(file: string): Promise<string> {
  return readFile(file, 'utf8')
}

/** Markers that ask for a script to run outside a transaction, in any format. */
const NO_TRANSACTION = /^\s*--\s*(pgtestbed:no-transaction|atlas:txmode\s+none|migrate:no-transaction)\b/im

/** True when the SQL carries a generic no-transaction marker comment. */
export function hasNoTransactionMarker(sql: string): boolean {
  return NO_TRANSACTION.test(sql)
}

/** A section of a file between marker lines, with the line it starts on. */
export interface Section {
  readonly marker: string
  /** The rest of the marker line after the marker, e.g. ` transaction:false`. */
  readonly options: string
  readonly sql: string
  /** 1-based line where the section's SQL starts (the line after the marker). */
  readonly line: number
}

/**
 * Splits `text` at lines that start with one of `markers` (case-insensitive). Text before the
 * first marker is returned as `preamble`.
 */
export function splitSections(
  text: string,
  markers: readonly RegExp[],
): { preamble: string; sections: Section[] } {
  const lines = text.split('\n')
  const sections: Section[] = []
  const preamble: string[] = []
  let current: { marker: string; options: string; line: number; body: string[] } | undefined
  lines.forEach((lineText, index) => {
    for (const marker of markers) {
      const match = marker.exec(lineText)
      if (match) {
        if (current) sections.push(finish(current))
        current = { marker: match[1] ?? match[0], options: match[2] ?? '', line: index + 2, body: [] }
        return
      }
    }
    if (current) current.body.push(lineText)
    else preamble.push(lineText)
  })
  if (current) sections.push(finish(current))
  return { preamble: preamble.join('\n'), sections }
}

function finish(s: { marker: string; options: string; line: number; body: string[] }): Section {
  return { marker: s.marker, options: s.options, sql: s.body.join('\n'), line: s.line }
}

/** Compares dotted/underscored numeric versions segment by segment (`1.2.10` after `1.2.9`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._]/)
  const pb = b.split(/[._]/)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0'
    const y = pb[i] ?? '0'
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) {
      const d = BigInt(x) - BigInt(y)
      if (d !== 0n) return d < 0n ? -1 : 1
    } else if (x !== y) return byCodePoint(x, y)
  }
  return 0
}

/** Throws a layout error naming `file` (or the folder). */
export function layoutError(what: string, why: string, fix: string, file?: string, line?: number): never {
  throw new MigrationError('PGT_MIGRATION_LAYOUT', failure(what, why, fix), { file, line })
}

/** Throws when two migrations share a version; `items` are (version, file) pairs. */
export function assertUniqueVersions(items: readonly { version: string; file: string }[], dir: string): void {
  const seen = new Map<string, string>()
  for (const item of items) {
    const key = normalizeVersion(item.version)
    const before = seen.get(key)
    if (before !== undefined) {
      layoutError(
        `read migrations in ${dir}`,
        `version ${item.version} is used twice (${before} and ${item.file})`,
        'Give one of them a new version.',
        item.file,
      )
    }
    seen.set(key, item.file)
  }
}

/**
 * Throws when small sequential numbers (not timestamps) skip one: `1, 2, 4` means 3 went missing.
 */
export function assertNoGaps(items: readonly { version: string; file: string }[], dir: string): void {
  const numbers = items.map((i) => Number(i.version))
  if (numbers.length < 2 || numbers.some((n) => !Number.isInteger(n) || n >= 10_000)) return
  for (let i = 1; i < numbers.length; i++) {
    const previous = numbers[i - 1]!
    if (numbers[i]! > previous + 1) {
      layoutError(
        `read migrations in ${dir}`,
        `the sequence jumps from ${previous} to ${numbers[i]} (migration ${previous + 1} is missing)`,
        'Restore the missing migration or renumber the later ones.',
        items[i]!.file,
      )
    }
  }
}

// `1`, `01` and `1.0` are the same version (Flyway and golang-migrate agree).
function normalizeVersion(version: string): string {
  const parts = version.split(/[._]/).map((part) => (/^\d+$/.test(part) ? BigInt(part).toString() : part))
  while (parts.length > 1 && parts.at(-1) === '0') parts.pop()
  return parts.join('.')
}
