/**
 * Reading a migration folder: detect its layout (or take the one named) and read it.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { failure } from '../../errors.js'
import { FORMATS, formatNamed } from './formats/index.js'
import { MigrationError } from './migration-error.js'
import type { FormatName, MigrationFormat, MigrationSet } from './model.js'

/** Options of `readMigrations`. */
export interface ReadMigrationsOptions {
  /** A format name, or `auto` (default) to detect it. */
  readonly format?: FormatName | 'auto'
}

/**
 * The format of the migration folder `dir`: the first layout (most specific first) that matches.
 * Throws `PGT_MIGRATION_LAYOUT`, listing the layouts tried, when none does.
 *
 * @example
 * const format = await detectFormat('db/migrations') // e.g. dbmateFormat
 */
export async function detectFormat(dir: string): Promise<MigrationFormat> {
  assertFolder(dir)
  for (const format of FORMATS) if (await format.detect(dir)) return format
  throw new MigrationError(
    'PGT_MIGRATION_LAYOUT',
    failure(
      `detect the migration layout of ${dir}`,
      `it matches none of the layouts tried:\n${FORMATS.map((f) => `  - ${f.describe}`).join('\n')}\n`,
      'Point --dir at the folder holding the migrations, or name the layout with --format.',
    ),
    { file: dir },
  )
}

/**
 * Reads the migrations of `dir` in the order they apply.
 *
 * @example
 * const set = await readMigrations('db/migrations')
 * console.log(set.format, set.migrations.map((m) => m.name))
 */
export async function readMigrations(
  dir: string,
  options: ReadMigrationsOptions = {},
): Promise<MigrationSet> {
  const absolute = resolve(dir)
  const wanted = options.format ?? 'auto'
  let format: MigrationFormat
  if (wanted === 'auto') {
    format = await detectFormat(absolute)
  } else {
    const named = formatNamed(wanted)
    if (named === undefined) {
      throw new MigrationError(
        'PGT_MIGRATION_FORMAT',
        failure(
          `read migrations as "${wanted}"`,
          'no such format',
          `Use one of: ${FORMATS.map((f) => f.name).join(', ')} (or leave --format out to detect it).`,
        ),
      )
    }
    assertFolder(absolute)
    format = named
  }
  const migrations = await format.read(absolute)
  if (migrations.length === 0) {
    throw new MigrationError(
      'PGT_MIGRATION_LAYOUT',
      failure(
        `read ${format.name} migrations in ${absolute}`,
        'the folder holds no migration of that layout',
        `Check --dir and --format (layout expected: ${format.describe}).`,
      ),
      { file: absolute },
    )
  }
  return Object.freeze({
    kind: 'migration-set',
    format: format.name,
    dir: absolute,
    migrations: Object.freeze([...migrations]),
    supportsDown: format.supportsDown,
  })
}

/**
 * The project's migrations as every database built from them sees them: none when `dir` is
 * undefined or an empty folder, else `readMigrations(dir)` (layout detected).
 *
 * @example
 * const set = await readProjectMigrations(config.migrations) // undefined: no migrations
 */
export async function readProjectMigrations(
  dir: string | undefined,
  options: ReadMigrationsOptions = {},
): Promise<MigrationSet | undefined> {
  if (dir === undefined || (existsSync(dir) && readdirSync(dir).length === 0)) return undefined
  return readMigrations(dir, options)
}

function assertFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MigrationError(
      'PGT_MIGRATION_LAYOUT',
      failure(
        `read migrations in ${dir}`,
        'the folder does not exist',
        'Pass the migrations folder with --dir.',
      ),
      { file: dir },
    )
  }
}
