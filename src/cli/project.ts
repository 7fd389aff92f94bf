/**
 * What CLI commands share: the project's resolved configuration, and its engine (attached or
 * started for the command, with progress, and closed afterwards). The one place commands get
 * either.
 * @module
 */
import { type ResolvedConfig, resolveConfig } from '../config/index.js'
import { type StartedEngine, startEngine } from '../engine/index.js'
import type { CommandIO } from './command.js'
import { progressOf } from './progress.js'

/** The configuration for the directory the command runs in. */
export function projectConfig(io: CommandIO): Promise<ResolvedConfig> {
  return resolveConfig({ cwd: io.cwd, env: io.env })
}

/**
 * Starts (or attaches to) the configured engine, runs `work` with it, and closes it, even when
 * `work` fails. Reports "starting PostgreSQL" as a progress phase.
 *
 * @example
 * const report = await withEngine(io, config, (engine) => testMigrations(set, { server: engine.url }))
 */
export async function withEngine<T>(
  io: CommandIO,
  config: ResolvedConfig,
  work: (engine: StartedEngine) => Promise<T>,
): Promise<T> {
  progressOf(io).phase(config.engine === 'url' ? 'connecting to PostgreSQL' : 'starting PostgreSQL')
  const engine = await startEngine(config)
  try {
    return await work(engine)
  } finally {
    await engine.close()
  }
}

/** Milliseconds, rounded for people. */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`
}
