/** Every CLI command, in the order `pgtestbed --help` lists them. One import line per command. */
import type { Command } from '../command.js'
import { mockCheckCommand } from './mock-check.js'
import { mockServeCommand } from './mock-serve.js'

export const COMMANDS: readonly Command[] = [mockServeCommand, mockCheckCommand]
