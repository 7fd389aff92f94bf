/**
 * What CLI commands share: the project's resolved configuration, and its engine (attached or
 * started).
 * @module
 */
import { type ResolvedConfig, resolveConfig } from '../config/index.js'
import type { CommandIO } from './command.js'

/** The configuration for the directory the command runs in. */
export function projectConfig(io: CommandIO): Promise<ResolvedConfig> {
  return resolveConfig({ cwd: io.cwd, env: io.env })
}

/** Milliseconds, rounded for people. */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`
}
