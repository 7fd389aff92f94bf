/**
 * What the `migrations` commands share: finding the migration folder, reading it, option values,
 * and running work on the configured engine.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ResolvedConfig } from '../../config/index.js'
import { FORMATS, type FormatName, type MigrationSet, readMigrations } from '../../migrations/index.js'
import {
  type CommandArgs,
  type CommandIO,
  listOption,
  type OptionTable,
  stringOption,
  usageError,
} from '../command.js'
import { projectConfig } from '../project.js'

/** Options every migrations command takes. */
export const MIGRATION_DIR_OPTIONS = {
  dir: {
    type: 'string',
    value: 'DIR',
    default: 'config migrations, else ./migrations',
    description: 'The migrations folder',
  },
  format: {
    type: 'string',
    value: 'NAME',
    default: 'auto',
    description:
      'The layout: sql, golang-migrate, dbmate, node-pg-migrate, flyway, sqitch, diesel, prisma, drizzle',
  },
} as const satisfies OptionTable

/** `--placeholder`, as the lint and test commands take it. */
export const PLACEHOLDER_OPTION = {
  type: 'string',
  multiple: true,
  value: 'NAME=VALUE',
  description: 'Replace the placeholder NAME (Flyway, Sqitch style) with VALUE in the SQL',
} as const

/** `--before-each`, as the lint and test commands take it. */
export const BEFORE_EACH_OPTION = {
  type: 'string',
  value: 'SQL|@FILE',
  description: 'SQL run before each migration (e.g. SET lock_timeout)',
} as const

/** `--placeholder NAME=VALUE` pairs (repeatable). */
export function placeholderOption(args: CommandArgs): Record<string, string> {
  const placeholders: Record<string, string> = {}
  for (const pair of listOption(args, 'placeholder')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw usageError(`--placeholder ${pair}: expected NAME=VALUE.`)
    placeholders[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return placeholders
}

/** Hook SQL given inline, or as `@file`. */
export function sqlOption(args: CommandArgs, name: string, io: CommandIO): string | undefined {
  const value = stringOption(args, name)
  if (value === undefined || !value.startsWith('@')) return value
  const file = resolve(io.cwd, value.slice(1))
  if (!existsSync(file))
    throw usageError(`--${name} ${value}: ${file} does not exist. Pass SQL, or @FILE with an existing file.`)
  return readFileSync(file, 'utf8')
}

/**
 * The migration set the command works on: `--dir`, else the configured `migrations` folder,
 * else `./migrations`; `--format` or auto-detection.
 *
 * @example
 * const { set, config } = await loadMigrationSet(args, io)
 */
export async function loadMigrationSet(
  args: CommandArgs,
  io: CommandIO,
): Promise<{ set: MigrationSet; config: ResolvedConfig }> {
  const config = await projectConfig(io)
  const dirOption = stringOption(args, 'dir')
  const dir =
    dirOption !== undefined
      ? resolve(io.cwd, dirOption)
      : (config.migrations ?? resolve(io.cwd, 'migrations'))
  const format = stringOption(args, 'format')
  if (format !== undefined && format !== 'auto' && !FORMATS.some((f) => f.name === format)) {
    throw usageError(
      `Unknown --format "${format}". Use one of: ${FORMATS.map((f) => f.name).join(', ')}, or auto.`,
    )
  }
  const set = await readMigrations(dir, { format: (format ?? 'auto') as FormatName | 'auto' })
  return { set, config }
}
