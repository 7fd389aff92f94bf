/**
 * What the `fixtures` commands share: the configured server (started or attached for the
 * command), the fixture repository folder, and option parsing.
 * @module
 */
import { resolve } from 'node:path'
import type { ResolvedConfig } from '../../config/index.js'
import { isTier, TIERS, type Tier } from '../../fixtures/index.js'
import { type CommandArgs, type CommandIO, type OptionTable, usageError } from '../command.js'
import { projectConfig, withEngine } from '../project.js'

/** Options every fixtures command takes. */
export const FIXTURE_OPTIONS = {
  dir: {
    type: 'string',
    value: 'DIR',
    default: 'config fixtures.dir, else ./fixtures',
    description: 'The fixture repository folder',
  },
  tier: {
    type: 'string',
    value: 'TIER',
    default: 'minimal',
    description: 'The tier: minimal, realistic or performance',
  },
} as const satisfies OptionTable

/** The fixture repository folder: --dir, else config `fixtures.dir`, else `<root>/fixtures`. */
export function fixturesDir(args: CommandArgs, io: CommandIO, config?: ResolvedConfig): string {
  const given = args.values['dir']
  if (typeof given === 'string') return resolve(io.cwd, given)
  return config?.fixtures?.dir ?? resolve(config?.rootDir ?? io.cwd, 'fixtures')
}

/** --tier, checked; default `fallback`. */
export function tierOption(args: CommandArgs, fallback: Tier = 'minimal'): Tier {
  const value = args.values['tier']
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !isTier(value)) {
    throw usageError(
      `Failed to read --tier "${String(value)}": it is not a tier. Use one of: ${TIERS.join(', ')}.`,
    )
  }
  return value
}

/**
 * Runs `work` with the configured server's admin URL (the engine is started for the command,
 * with progress, and closed afterwards).
 */
export async function withServer<T>(
  io: CommandIO,
  work: (server: { serverUrl: string; prefix: string }, config: ResolvedConfig) => Promise<T>,
): Promise<T> {
  const config = await projectConfig(io)
  return withEngine(io, config, (engine) => work({ serverUrl: engine.url, prefix: config.prefix }, config))
}
