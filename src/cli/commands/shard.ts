/**
 * `pgtestbed shard --total N --index I [-- CMD ARGS…]`: the test files of shard I, balanced by
 * recorded durations (file size when there are none); printed one per line, or appended to CMD
 * and run (`pgtestbed shard --total 4 --index 2 -- npx vitest run`).
 * @module
 */

import { findTestFiles, planShards, readDurations } from '../../ci/index.js'
import { spawnGuarded } from '../../internal/guard-child.js'
import { defineCommand, listOption, stringOption, usageError } from '../command.js'

function wholeNumber(args: Parameters<typeof stringOption>[0], name: string): number {
  const raw = stringOption(args, name)
  if (raw === undefined) throw usageError(`Missing --${name}. Usage: pgtestbed shard --total N --index I`)
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1)
    throw usageError(`--${name} must be a whole number ≥ 1, got "${raw}".`)
  return value
}

export const shardCommand = defineCommand({
  name: ['shard'],
  summary: "Print (or run a command on) one shard's test files, balanced by recorded durations",
  args: '[-- CMD [ARGS...]]',
  allowPositionals: true,
  options: {
    total: { type: 'string', value: 'N', description: 'How many shards (CI jobs) in all' },
    index: { type: 'string', value: 'I', description: 'Which shard, 1 to N (e.g. the CI matrix value)' },
    durations: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'JUnit XML or JSON ({"file": seconds}) of a previous run; repeatable; missing files error',
    },
    include: {
      type: 'string',
      multiple: true,
      value: 'GLOB',
      default: '*.test.* and *.spec.* files',
      description: 'Which files are tests (e.g. test/**/*.test.ts); repeatable',
    },
  },
  async run(args, io) {
    const total = wholeNumber(args, 'total')
    const index = wholeNumber(args, 'index')
    if (index > total)
      throw usageError(`--index ${index} is past --total ${total}: shards are numbered 1 to ${total}.`)
    const files = findTestFiles(io.cwd, listOption(args, 'include'))
    if (files.length === 0)
      throw usageError(
        'Found no test files (*.test.* or *.spec.*). Run from the project root, or pass --include GLOB.',
      )
    const durations = readDurations(listOption(args, 'durations'), io.cwd)
    const { shards, source } = planShards(files, total, durations, io.cwd)
    const shard = shards[index - 1]
    if (shard === undefined) throw usageError(`No shard ${index}.`)
    const [cmd, ...rest] = args.positionals
    if (cmd === undefined) {
      const data = {
        index,
        total,
        files: shard.files,
        seconds: Math.round(shard.seconds * 1000) / 1000,
        balancedBy: durations.size > 0 ? 'durations' : 'size',
        estimatedFromSize: shard.files.filter((f) => source[f] === 'size'),
      }
      return { data, human: shard.files.join('\n') }
    }
    return new Promise<number>((done) => {
      const { child } = spawnGuarded(cmd, [...rest, ...shard.files], {
        stdio: 'inherit',
        env: io.env,
        cwd: io.cwd,
      })
      child.once('error', (err) => {
        io.stderr.write(`pgtestbed: failed to run ${cmd}: ${err.message}. Check the command name and PATH.\n`)
        done(127)
      })
      child.once('exit', (status) => done(status ?? 1))
    })
  },
})
