import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Command } from '../../src/cli/command.js'
import { COMMANDS } from '../../src/cli/commands/index.js'
import { commandHelp, optionsOf, parserOptions, suggest, usageLine } from '../../src/cli/help.js'
import { runCli } from '../support/run-cli.js'

const cwd = process.cwd()
const commands: [string, Command][] = await Promise.all(
  COMMANDS.map(async (e) => [e.name.join(' '), await e.load()] as [string, Command]),
)

/** The module file of each command, read from the command index. */
const files = new Map(
  [
    ...readFileSync('src/cli/commands/index.ts', 'utf8').matchAll(
      /entry\('([^']+)', async \(\) => \(await import\('\.\/([\w-]+)\.js'\)\)/g,
    ),
  ].map((m) => [m[1] ?? '', `src/cli/commands/${m[2]}.ts`]),
)

describe('unknown commands', () => {
  it('says what was not understood and suggests the nearest command (exit 2)', async () => {
    const typo = await runCli(['statsu'], { cwd })
    expect(typo.code).toBe(2)
    expect(typo.stdout).toBe('')
    expect(typo.stderr).toMatch(/^pgtestbed: Unknown command `statsu`\. Did you mean `pgtestbed status`\?/)
    const nonsense = await runCli(['frobnicate'], { cwd })
    expect(nonsense.code).toBe(2)
    expect(nonsense.stderr).toBe(
      'pgtestbed: Unknown command `frobnicate`. Run `pgtestbed --help` for the list of commands.\n',
    )
    const sub = await runCli(['db', 'nwe'], { cwd })
    expect(sub.code).toBe(2)
    expect(sub.stderr).toMatch(/^pgtestbed: Unknown command `db nwe`\. Did you mean `pgtestbed db new`\?/)
  })

  it('a group name alone lists its subcommands (exit 2; with --help exit 0)', async () => {
    for (const [group, members] of [
      ['db', ['db new', 'db drop', 'db prune']],
      ['mock', ['mock serve', 'mock check', 'mock schema']],
    ] as const) {
      const alone = await runCli([group], { cwd })
      expect(alone.code).toBe(2)
      expect(alone.stderr).toMatch(new RegExp(`^pgtestbed: \`pgtestbed ${group}\` needs a command`))
      for (const m of members) expect(alone.stderr).toContain(`pgtestbed ${m}`)
      expect(alone.stderr).not.toContain('pgtestbed up')
      const help = await runCli([group, '--help'], { cwd })
      expect(help.code).toBe(0)
      for (const m of members) expect(help.stdout).toContain(`pgtestbed ${m}`)
    }
  })

  it('suggest() picks the nearest name, and nothing for a word far from all', () => {
    expect(suggest('mokc', ['mock', 'db', 'up'])).toBe('mock')
    expect(suggest('migratons', ['migrations', 'mock'])).toBe('migrations')
    expect(suggest('frobnicate', ['mock', 'db', 'up'])).toBeUndefined()
  })
})

describe('help and parser come from one option table', () => {
  it('the top-level help names every command exactly once', async () => {
    const help = (await runCli(['--help'], { cwd })).stdout
    for (const [name] of commands) {
      const lines = help.split('\n').filter((l) => new RegExp(`^  pgtestbed ${name}( |$)`).test(l))
      expect(lines, name).toHaveLength(1)
    }
    expect(help).toContain('pgtestbed migrations check')
  })

  for (const [name, command] of commands) {
    it(`${name}: every accepted option is in the help with a description; unknown ones are refused`, async () => {
      const table = optionsOf(command)
      const parser = parserOptions(command)
      expect(Object.keys(parser).sort()).toEqual(Object.keys(table).sort())
      const help = commandHelp(command)
      expect(help.startsWith(`Usage: ${usageLine(command)}\n`)).toBe(true)
      // The usage line lists no options of its own: they are all in the table below it.
      expect(usageLine(command).replace(' -- CMD', '')).not.toMatch(/--\w/)
      for (const [option, spec] of Object.entries(table)) {
        expect(spec.description.trim(), `--${option}`).not.toBe('')
        const row = help
          .split('\n')
          .find((l) => l.includes(`--${option}${spec.type === 'string' ? ' ' : ''}`))
        expect(row, `--${option} in the help of ${name}`).toBeDefined()
        expect(help).toContain(spec.description)
        // The parser takes it, with a value when it has one.
        const args = spec.type === 'string' ? [`--${option}`, 'x'] : [`--${option}`]
        expect(() => parseArgs({ args, options: parser, strict: true, allowPositionals: true })).not.toThrow()
      }
      // Options the command's own file reads are in its table (the table cannot lag the code).
      const source = readFileSync(files.get(name) ?? '', 'utf8')
      const read = [
        ...source.matchAll(
          /\b(?:args\.values|values|v)\['([\w-]+)'\]|(?:stringOption|listOption|sqlOption)\(args, '([\w-]+)'/g,
        ),
      ].map((m) => m[1] ?? m[2] ?? '')
      for (const option of read) expect(Object.keys(table), `${name} reads --${option}`).toContain(option)

      const first = Object.keys(command.options ?? {})[0] ?? 'json'
      const wrong = await runCli([...command.name, `--${first}x`], { cwd })
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toContain(
        `Unknown option '--${first}x' for \`pgtestbed ${name}\`. Did you mean --${first}?`,
      )
      const help2 = await runCli([...command.name, '--help'], { cwd })
      expect(help2.code).toBe(0)
      expect(help2.stdout).toBe(help)
    })
  }

  it('schema snapshot shows the options its usage used to omit, with descriptions', async () => {
    const help = (await runCli(['schema', 'snapshot', '--help'], { cwd })).stdout
    for (const option of [
      '--url URL|FILE.sql',
      '--out FILE',
      '--server URL',
      '--schema NAME',
      '--privileges',
    ])
      expect(help).toContain(option)
    expect(help).toMatch(/--dir DIR|Usage: pgtestbed schema snapshot \[URL\|FILE\.sql\] \[options\]/)
  })
})
