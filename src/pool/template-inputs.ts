/**
 * What a template is built from, and its hash: the same inputs give the same template name, so
 * every run and worker with the same migrations shares one template, and any change makes a new
 * one.
 * @module
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ResolvedConfig } from '../config/config.js'
import { fixtureHashParts } from '../fixtures/index.js'
import { digest } from '../internal/hash.js'

/** Bump when the way templates are built changes, so old templates are not reused. */
const BUILD_FORMAT = '1'

export interface TemplateInputs {
  /** Migration files in the order they are applied. */
  readonly migrationFiles: readonly string[]
  readonly hash: string
}

/** Lists the migration files and hashes them with the setup hook and the server version. */
export async function templateInputs(
  config: ResolvedConfig,
  serverVersionNum: number,
): Promise<TemplateInputs> {
  const migrationFiles = config.migrations === undefined ? [] : await sqlFiles(config.migrations)
  const parts: string[] = [BUILD_FORMAT, String(serverVersionNum), String(config.setup ?? '')]
  for (const file of migrationFiles) {
    parts.push(file.slice((config.migrations ?? '').length), await readFile(file, 'utf8'))
  }
  parts.push(...fixtureHashParts(config.fixtures, migrationFiles.length === 0))
  return { migrationFiles, hash: digest(parts) }
}

/** `.sql` files of a folder in name order (plain migrations until the formats issue lands). */
async function sqlFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort()
  return names.map((n) => join(dir, n))
}
