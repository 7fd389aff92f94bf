/**
 * The shape of a CLI command: a thin shell over a library function. `run` returns data; the
 * runner prints it as JSON with `--json`, or through `human()` otherwise. Each command declares
 * its options in ONE table (name, value, default, description): the parser and the help text
 * are both built from it, so they cannot drift.
 * @module
 */
import { ConfigError } from '../errors.js'
import type { Progress } from './progress.js'

/** Where a command writes; tests pass buffers. */
export interface CommandIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** Progress on stderr (a live line on a TTY, a line per phase otherwise, nothing with --quiet). */
  readonly progress?: Progress
  /** Aborts on SIGINT/SIGTERM (reason: the signal's name), for long-running commands. */
  readonly signal?: AbortSignal
}

/** Parsed command-line values (from node:util parseArgs). */
export interface CommandArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>
  readonly positionals: readonly string[]
}

/** What a command's run returns: data, and the exit code (0 ok, 1 checks failed). */
export interface CommandResult<T = unknown> {
  readonly data: T
  /** 0 ok, 1 checks failed; `run` passes on its command's code. */
  readonly exitCode?: number
  /** Human-readable rendering of `data`; default: JSON. */
  readonly human?: string
}

/** One option of a command: the row of its table that both the parser and the help read. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  /** Repeatable (`--ignore a --ignore b`). */
  readonly multiple?: boolean
  readonly short?: string
  /** The value's placeholder in help, e.g. `DIR`; string options only. */
  readonly value?: string
  /** The default, as shown in help. */
  readonly default?: string
  /** One line for the help text. */
  readonly description: string
}

/** A command's options by name (without the leading `--`). */
export type OptionTable = Readonly<Record<string, OptionSpec>>

/** One CLI command, e.g. `db new` (name `['db', 'new']`). */
export interface Command {
  readonly name: readonly string[]
  readonly summary: string
  /** The positional part of the usage line, e.g. `NAME` or `-- CMD [ARGS...]`. */
  readonly args?: string
  readonly options?: OptionTable
  /** Commands like `run -- CMD` take everything after `--` as positionals. */
  readonly allowPositionals?: boolean
  /**
   * Runs until stopped (a server, `run`): the runner turns SIGINT/SIGTERM into `io.signal`.
   * With --json such a command may print events as JSON Lines, one document per line.
   */
  readonly longRunning?: boolean
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
