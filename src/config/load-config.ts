/**
 * Finds `pgtestbed.config.{ts,mts,js,mjs,json}` from a directory upwards and loads it.
 * @module
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ConfigError, messageOf } from '../errors.js'
import type { PgtestbedConfig } from './config.js'
import { validateConfig } from './validate-config.js'

const NAMES = [
  'pgtestbed.config.ts',
  'pgtestbed.config.mts',
  'pgtestbed.config.js',
  'pgtestbed.config.mjs',
  'pgtestbed.config.json',
]

/** The nearest config file at or above `cwd`, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of NAMES) {
      const file = join(dir, name)
      if (existsSync(file)) return file
    }
    if (dirname(dir) === dir) return undefined
  }
}

/** Loads and validates a config file; TypeScript files are loaded through jiti. */
export async function loadConfigFile(file: string): Promise<PgtestbedConfig> {
  let config: unknown
  try {
    if (file.endsWith('.json')) {
      config = JSON.parse(await readFile(file, 'utf8'))
    } else {
      // jiti: a small, well-kept loader that runs .ts config files on Node 20 without a build step.
      const { createJiti } = await import('jiti')
      const jiti = createJiti(import.meta.url, { moduleCache: false })
      config = await jiti.import(file, { default: true })
    }
  } catch (err) {
    throw new ConfigError(
      'PGT_CONFIG_LOAD',
      `Failed to load ${file}: ${messageOf(err)}. Fix the file, or remove it to use the defaults.`,
      { cause: err },
    )
  }
  validateConfig(config, file)
  return config
}
