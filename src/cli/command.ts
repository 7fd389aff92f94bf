/**
 * The shape of a CLI command: a thin shell over a library function. `run` returns data; the
 * runner prints it as JSON with `--json`, or through `human()` otherwise.
 * @module
 */
import type { ParseArgsConfig } from 'node:util'
import { ConfigError } from '../errors.js'

/** Where a command writes; tests pass buffers. */
export interface CommandIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
}

/** Parsed command-line values (from node:util parseArgs). */
export interface CommandArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>
  readonly positionals: readonly string[]
}

/** What a command's run returns: data, and the exit code (0 ok, 1 checks failed). */
export interface CommandResult<T = unknown> {
  readonly data: T
  readonly exitCode?: 0 | 1
  /** Human-readable rendering of `data`; default: JSON. */
  readonly human?: string
}

/** One CLI command, e.g. `db new` (name `['db', 'new']`). */
export interface Command {
  readonly name: readonly string[]
  readonly summary: string
  /** e.g. `pgtestbed db drop NAME` */
  readonly usage: string
  readonly options?: ParseArgsConfig['options']
  /** Commands like `run -- CMD` take everything after `--` as positionals. */
  readonly allowPositionals?: boolean
  run(args: CommandArgs, io: CommandIO): Promise<CommandResult | number>
}

/** Declares a command with types; returns it unchanged. */
export function defineCommand(command: Command): Command {
  return command
}

/** A usage error (exit code 2), e.g. a missing argument. */
export function usageError(message: string): ConfigError {
  return new ConfigError('PGT_USAGE', message)
}

/** A string option's last value, or undefined. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name]
  if (Array.isArray(value)) return value.map(String).at(-1)
  return typeof value === 'string' ? value : undefined
}

/** A repeatable string option's values, each also split at commas. */
export function listOption(args: CommandArgs, name: string): string[] {
  const value = args.values[name]
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []
  return raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
}
