/**
 * Help texts and the parser configuration, both built from each command's option table, and
 * "did you mean" suggestions for unknown commands and options.
 * @module
 */
import type { ParseArgsConfig } from 'node:util'
import type { Command, OptionSpec, OptionTable } from './command.js'

/** Options every command takes. */
export const GLOBAL_OPTIONS: OptionTable = {
  json: {
    type: 'boolean',
    description: 'Print the result as one JSON document on stdout (errors too: {"ok":false,"error":…})',
  },
  quiet: { type: 'boolean', short: 'q', description: 'No progress lines on stderr' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
}

/** Every option a command accepts: its own table, then the global ones. */
export function optionsOf(command: Command): OptionTable {
  return { ...(command.options ?? {}), ...GLOBAL_OPTIONS }
}

/** The node:util parseArgs configuration, from the same table as the help. */
export function parserOptions(command: Command): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(optionsOf(command)).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.multiple === true ? { multiple: true } : {}),
        ...(o.short === undefined ? {} : { short: o.short }),
      },
    ]),
  )
}

/** `pgtestbed db drop NAME [options]` */
export function usageLine(command: Command): string {
  const own = Object.keys(command.options ?? {}).length > 0
  return ['pgtestbed', ...command.name, command.args, own ? '[options]' : undefined]
    .filter((p) => p !== undefined)
    .join(' ')
}

function optionLabel(name: string, o: OptionSpec): string {
  const short = o.short === undefined ? '' : `-${o.short}, `
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''
  return `${short}--${name}${value}`
}

function optionLines(table: OptionTable): string[] {
  const rows = Object.entries(table).map(([name, o]) => {
    const notes = [
      o.multiple === true ? 'repeatable' : '',
      o.default === undefined ? '' : `default: ${o.default}`,
    ]
      .filter((n) => n !== '')
      .join('; ')
    return [optionLabel(name, o), `${o.description}${notes === '' ? '' : ` (${notes})`}`] as const
  })
  const width = Math.min(30, Math.max(...rows.map(([label]) => label.length)))
  return rows.map(([label, text]) =>
    label.length <= width
      ? `  ${label.padEnd(width)}  ${text}`
      : `  ${label}\n  ${''.padEnd(width)}  ${text}`,
  )
}

/** `pgtestbed <command> --help` */
export function commandHelp(command: Command): string {
  const own = command.options ?? {}
  const sections = [`Usage: ${usageLine(command)}`, '', command.summary]
  if (Object.keys(own).length > 0) sections.push('', 'Options:', ...optionLines(own))
  sections.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS))
  return `${sections.join('\n')}\n`
}

function commandList(commands: readonly Command[]): string[] {
  const width = 36
  return commands.map((c) => {
    const head = ['pgtestbed', ...c.name, c.args].filter((p) => p !== undefined).join(' ')
    return head.length <= width
      ? `  ${head.padEnd(width)}  ${c.summary}`
      : `  ${head}\n  ${''.padEnd(width)}  ${c.summary}`
  })
}

/** `pgtestbed --help`: every command once, with its summary. */
export function topHelp(commands: readonly Command[]): string {
  return `pgtestbed — a real, migrated, seeded PostgreSQL database per test, in milliseconds.

Usage: pgtestbed <command> [options]   (--help on any command lists its options)

Commands:
${commandList(commands).join('\n')}

Global options: --json (one JSON document on stdout), --quiet (no progress), --help
Exit codes: 0 ok, 1 checks failed, 2 usage or setup error.
`
}

/** `pgtestbed db`: the subcommands of a group. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  return `Usage: pgtestbed ${group} <command> [options]\n\nCommands:\n${commandList(commands).join('\n')}\n\nRun \`pgtestbed ${group} <command> --help\` for its options.\n`
}

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]!
}

/**
 * The candidate nearest to `word`, when it is near enough to be a likely typo (or `word` is a
 * prefix of it); undefined otherwise.
 *
 * @example
 * suggest('mokc', ['mock', 'db']) // 'mock'
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined
  for (const name of candidates) {
    const d = name.startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, name)
    if (best === undefined || d < best.d) best = { name, d }
  }
  if (best === undefined) return undefined
  return best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined
}
