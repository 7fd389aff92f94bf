/**
 * The `pgtestbed` command line: finds the command, parses its options (from its option table),
 * runs it, prints the result (one JSON document with --json, errors included), and maps errors
 * to exit codes: 0 ok, 1 checks failed, 2 usage or setup error.
 * @module
 */
import { parseArgs } from 'node:util'
import { PgtestbedError } from '../errors.js'
import type { Command, CommandIO } from './command.js'
import { COMMANDS, type CommandEntry } from './commands/index.js'
import { commandHelp, groupHelp, optionsOf, parserOptions, suggest, topHelp } from './help.js'
import { createProgress } from './progress.js'
import { stopOnSignals, watchParentUnderNpm } from './signals.js'

/** The JSON document printed on stdout for an error under --json. */
export interface JsonError {
  readonly ok: false
  readonly error: { readonly code: string; readonly message: string; readonly fix: string | null }
}

/**
 * Runs the CLI with `argv` (without node and script); resolves to the exit code. Without `io`
 * it is the real process (stdout, stderr, signals).
 */
export async function main(argv: readonly string[], io?: CommandIO): Promise<number> {
  if (io === undefined) watchParentUnderNpm(process.env)
  const out = io ?? processIO()
  const dashdash = argv.indexOf('--')
  const flags = dashdash === -1 ? argv : argv.slice(0, dashdash)
  const json = flags.includes('--json')
  const fail = (err: unknown, extra = ''): number => {
    const { code, message, fix } = describeError(err)
    if (json)
      out.stdout.write(
        `${JSON.stringify({ ok: false, error: { code, message, fix } } satisfies JsonError)}\n`,
      )
    const stack = code === 'PGT_INTERNAL' && err instanceof Error ? `\n${err.stack ?? ''}` : ''
    out.stderr.write(`pgtestbed: ${message}${stack}\n${extra}`)
    return 2
  }

  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    out.stdout.write(topHelp(await loadAll(COMMANDS)))
    return 0
  }
  const found = findCommand(argv)
  if (found === undefined) return unknownCommand(argv, out, fail)

  const command = await found.entry.load()
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: [...found.rest],
      options: parserOptions(command),
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    }))
  } catch (err) {
    return fail(
      usage(parseMessage(err, command)),
      `\nRun \`pgtestbed ${command.name.join(' ')} --help\` for its options.\n`,
    )
  }
  if (values['help'] === true) {
    out.stdout.write(commandHelp(command))
    return 0
  }
  const progress = createProgress(out.stderr, { quiet: values['quiet'] === true })
  const stop = command.longRunning === true ? stopOnSignals() : undefined
  try {
    const result = await command.run(
      { values, positionals },
      { ...out, progress, ...(stop === undefined ? {} : { signal: stop.signal }) },
    )
    progress.done()
    if (typeof result === 'number') return result
    if (json) out.stdout.write(`${JSON.stringify(result.data, null, command.longRunning === true ? 0 : 2)}\n`)
    else out.stdout.write(`${result.human ?? JSON.stringify(result.data, null, 2)}\n`)
    return result.exitCode ?? 0
  } catch (err) {
    progress.done()
    return fail(err)
  } finally {
    stop?.dispose()
  }
}

class UsageProblem extends Error {
  readonly code = 'PGT_USAGE'
}

function usage(message: string): UsageProblem {
  return new UsageProblem(message)
}

/** code, message, and the fix (the sentences after the first: "Failed to X: why. Fix."). */
function describeError(err: unknown): { code: string; message: string; fix: string | null } {
  if (err instanceof PgtestbedError || err instanceof UsageProblem) {
    const message = err.message
    const split = /^(.*?[.!?])\s+([A-Z`(].*)$/s.exec(message)
    return { code: err.code, message, fix: split?.[2] ?? null }
  }
  const message = err instanceof Error ? err.message : String(err)
  return {
    code: 'PGT_INTERNAL',
    message: `unexpected error: ${message}`,
    fix: 'This is a bug in pgtestbed; please report it with the command and this message.',
  }
}

/** A parseArgs error, said plainly, with the nearest option when one was mistyped. */
function parseMessage(err: unknown, command: Command): string {
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: string }).code
  const names = Object.keys(optionsOf(command))
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? ''
    const name = given.replace(/^-+/, '').replace(/=.*$/, '')
    const near = suggest(name, names)
    const what = `Unknown option '${given}' for \`pgtestbed ${command.name.join(' ')}\`.`
    return near === undefined ? `${what} See --help for the options.` : `${what} Did you mean --${near}?`
  }
  return message.split('\n')[0] ?? message
}

async function unknownCommand(
  argv: readonly string[],
  io: CommandIO,
  fail: (err: unknown, extra?: string) => number,
): Promise<number> {
  const [first = '', second] = argv
  const group = COMMANDS.filter((e) => e.name.length > 1 && e.name[0] === first)
  if (group.length > 0) {
    const listing = groupHelp(first, await loadAll(group))
    if (second === '--help' || second === '-h') {
      io.stdout.write(listing)
      return 0
    }
    if (second === undefined || second.startsWith('-'))
      return fail(usage(`\`pgtestbed ${first}\` needs a command. Pick one of those below.`), `\n${listing}`)
    const near = suggest(
      second,
      group.map((e) => e.name.slice(1).join(' ')),
    )
    return fail(
      usage(
        `Unknown command \`${first} ${second}\`.${near === undefined ? ' Pick one of those below.' : ` Did you mean \`pgtestbed ${first} ${near}\`?`}`,
      ),
      `\n${listing}`,
    )
  }
  const names = [...new Set(COMMANDS.flatMap((e) => [e.name[0] ?? '', e.name.join(' ')]))]
  const near = suggest(first, names)
  return fail(
    usage(
      `Unknown command \`${first}\`.${near === undefined ? '' : ` Did you mean \`pgtestbed ${near}\`?`} Run \`pgtestbed --help\` for the list of commands.`,
    ),
  )
}

function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: readonly string[] } | undefined {
  let best: CommandEntry | undefined
  for (const entry of COMMANDS) {
    const matches = entry.name.every((part, i) => argv[i] === part)
    if (matches && (best === undefined || entry.name.length > best.name.length)) best = entry
  }
  return best === undefined ? undefined : { entry: best, rest: argv.slice(best.name.length) }
}

function loadAll(entries: readonly CommandEntry[]): Promise<Command[]> {
  return Promise.all(entries.map((entry) => entry.load()))
}

function processIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }
}
