/** Every CLI command, in the order `pgtestbed --help` lists them. One import line per command. */
import type { Command } from '../command.js'
import { netfaultCommand } from './netfault-proxy.js'

export const COMMANDS: readonly Command[] = [netfaultCommand]
