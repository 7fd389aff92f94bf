/** Every CLI command, in the order `pgtestbed --help` lists them. One import line per command. */
import type { Command } from '../command.js'
import { isolationCheckCommand } from './isolation-check.js'
import { isolationRunCommand } from './isolation-run.js'
import { migrationsLintCommand } from './migrations-lint.js'
import { migrationsStatusCommand } from './migrations-status.js'
import { migrationsCheckCommand, migrationsTestCommand } from './migrations-test.js'
import { mockCheckCommand } from './mock-check.js'
import { mockServeCommand } from './mock-serve.js'

export const COMMANDS: readonly Command[] = [
  migrationsTestCommand,
  migrationsCheckCommand,
  migrationsLintCommand,
  migrationsStatusCommand,
  mockServeCommand,
  mockCheckCommand,
  isolationCheckCommand,
  isolationRunCommand,
]
