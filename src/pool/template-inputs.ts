/**
 * What a template is built from, and its hash: the same inputs give the same template name, so
 * every run and worker with the same migrations shares one template, and any change makes a new
 * one.
 * @module
 */
import { readdir } from 'node:fs/promises'
import { relative } from 'node:path'
import type { MigrationCommand, ResolvedConfig } from '../config/index.js'
import { fixtureHashParts } from '../fixtures/index.js'
import { digest } from '../internal/hash.js'
import { type MigrationSet, readMigrations } from '../migrations/index.js'
import { setupInputParts } from './setup-inputs.js'

/** Bump when the way templates are built changes, so old templates are not reused. */
const BUILD_FORMAT = '2'

export interface TemplateInputs {
  /** The project's migrations in any supported layout (auto-detected); undefined when none. */
  readonly migrations: MigrationSet | undefined
  /** Migrations run by the project's own tool instead (`migrations: { command, inputs }`). */
  readonly command: MigrationCommand | undefined
  readonly hash: string
}

/**
 * Reads the migrations and hashes them with the setup hook (and the files it reads,
 * `setupInputs`), fixtures and the server version.
 */
export async function templateInputs(
  config: ResolvedConfig,
  serverVersionNum: number,
): Promise<TemplateInputs> {
  const migrations =
    config.migrations === undefined || (await readdir(config.migrations)).length === 0
      ? undefined
      : await readMigrations(config.migrations)
  const parts: string[] = [BUILD_FORMAT, String(serverVersionNum), String(config.setup ?? '')]
  for (const m of migrations?.migrations ?? []) {
    parts.push(m.id, relative(config.rootDir, m.up.file), m.up.sql, String(m.up.transaction))
  }
  const command = config.migrationCommand
  // A command's migrations: the command and the files it reads (its `inputs`).
  if (command !== undefined)
    parts.push(`command:${command.command}`, ...setupInputParts(config.rootDir, command.inputs))
  parts.push(...fixtureHashParts(config.fixtures, migrations === undefined && command === undefined))
  // What the setup hook reads: its source text alone misses a changed seed file.
  if (config.setupInputs.length > 0) parts.push(...setupInputParts(config.rootDir, config.setupInputs))
  return { migrations, command, hash: digest(parts) }
}
