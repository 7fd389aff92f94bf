/** Every CLI command, in the order `pgtestbed --help` lists them. One import line per command. */
import type { Command } from '../command.js'
import { isolationCheckCommand } from './isolation-check.js'
import { isolationRunCommand } from './isolation-run.js'
import { mockCheckCommand } from './mock-check.js'
import { mockServeCommand } from './mock-serve.js'

export const COMMANDS: readonly Command[] = [
  mockServeCommand,
  mockCheckCommand,
  isolationCheckCommand,
  isolationRunCommand,
]
