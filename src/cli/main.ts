/**
 * The `pgtestbed` command line: finds the command, parses its options, runs it, prints the
 * result (JSON with --json), and maps errors to exit codes: 0 ok, 1 checks failed, 2 usage or
 * setup error.
 * @module
 */
import { parseArgs } from 'node:util'
import { PgtestbedError } from '../errors.js'
import type { Command, CommandIO } from './command.js'
import { COMMANDS, type CommandEntry } from './commands/index.js'

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
  const found = findCommand(argv)
  if (found === undefined || argv[0] === '--help' || argv[0] === '-h' || argv.length === 0) {
    io.stdout.write(await helpText())
    return found === undefined && argv.length > 0 && argv[0] !== '--help' && argv[0] !== '-h' ? 2 : 0
  }
  const command = await found.entry.load()
  const rest = found.rest
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...command.options },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    })
    if (values['help'] === true) {
      io.stdout.write(commandHelp(command))
      return 0
    }
    const result = await command.run({ values, positionals }, io)
    if (typeof result === 'number') return result
    if (values['json'] === true) io.stdout.write(`${JSON.stringify(result.data, null, 2)}\n`)
    else io.stdout.write(`${result.human ?? JSON.stringify(result.data, null, 2)}\n`)
    return result.exitCode ?? 0
  } catch (err) {
    if (err instanceof PgtestbedError) {
      io.stderr.write(`pgtestbed: ${err.message}\n`)
      return 2
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`pgtestbed: ${(err as Error).message}\n\n${commandHelp(command)}`)
      return 2
    }
    io.stderr.write(`pgtestbed: unexpected error: ${(err as Error).stack ?? String(err)}\n`)
    return 2
  }
}

function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: readonly string[] } | undefined {
  let best: CommandEntry | undefined
  for (const entry of COMMANDS) {
    const matches = entry.name.every((part, i) => argv[i] === part)
    if (matches && (best === undefined || entry.name.length > best.name.length)) best = entry
  }
  return best === undefined ? undefined : { entry: best, rest: argv.slice(best.name.length) }
}

async function helpText(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((entry) => entry.load()))
  const width = 44
  const lines = commands.map((c) =>
    c.usage.length <= width
      ? `  ${c.usage.padEnd(width)}  ${c.summary}`
      : `  ${c.usage}\n  ${''.padEnd(width)}  ${c.summary}`,
  )
  return `pgtestbed — a real, migrated, seeded PostgreSQL database per test, in milliseconds.

Usage: pgtestbed <command> [options]   (--json prints data; --help on any command)

Commands:
${lines.join('\n')}

Exit codes: 0 ok, 1 checks failed, 2 usage or setup error.
`
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(
    ([name, o]) => `  --${name}${o.type === 'string' ? ' VALUE' : ''}`,
  )
  return `Usage: ${command.usage}\n\n${command.summary}\n${options.length > 0 ? `\nOptions:\n${options.join('\n')}\n` : ''}  --json\n`
}

function processIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }
}
