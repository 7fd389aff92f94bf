/**
 * `migrations test` for a project whose migrations run through their own tool
 * (`migrations: { command, down }` in the config, no `--dir`): up, idempotent, round trip and
 * the down chain, run by the tool's own commands.
 * @module
 */
import type { ResolvedConfig } from '../../config/index.js'
import { type CommandChecksReport, checkCommandMigrations } from '../../migrations/index.js'
import type { CommandArgs, CommandIO, CommandResult } from '../command.js'
import { progressOf } from '../progress.js'
import { projectConfig, withEngine } from '../project.js'

/** The config's migration command when `migrations test` should use it (no `--dir` given). */
export async function commandMigrationsOf(
  args: CommandArgs,
  io: CommandIO,
): Promise<{ config: ResolvedConfig; command: NonNullable<ResolvedConfig['migrationCommand']> } | undefined> {
  if (args.values['dir'] !== undefined) return undefined
  const config = await projectConfig(io)
  return config.migrationCommand === undefined ? undefined : { config, command: config.migrationCommand }
}

/** Runs the command checks on the configured engine. */
export async function testCommandMigrations(
  io: CommandIO,
  config: ResolvedConfig,
  command: NonNullable<ResolvedConfig['migrationCommand']>,
): Promise<CommandResult<CommandChecksReport>> {
  const report = await withEngine(io, config, (engine) => {
    progressOf(io).phase(`testing the migrations run by \`${command.command}\``)
    return checkCommandMigrations({
      server: engine.url,
      cwd: config.rootDir,
      command: command.command,
      ...(command.down === undefined ? {} : { down: command.down }),
    })
  })
  const lines = [
    `migrations run by \`${command.command}\`${command.down === undefined ? '' : ` (down: \`${command.down}\`)`}`,
  ]
  for (const check of report.checks)
    lines.push(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`)
  if (command.down === undefined)
    lines.push('skip roundtrip, down (set migrations.down, e.g. "alembic downgrade -1")')
  lines.push(report.ok ? 'All checks passed.' : 'Some checks failed.')
  return { data: report, human: lines.join('\n'), exitCode: report.ok ? 0 : 1 }
}
