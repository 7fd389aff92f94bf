/**
 * `pgtestbed perf check`: the config's `perfBudgets` held against the newest perf run (or
 * --run FILE…, or the newest --last N as N samples). Exit 1 when a figure is over budget.
 * @module
 */
import { resolve } from 'node:path'
import { perfCheck } from '../../perf/perf-check.js'
import { defineCommand, usageError } from '../command.js'
import { markdownTarget } from './perf-outputs.js'

export const perfCheckCommand = defineCommand({
  name: ['perf', 'check'],
  summary: 'Check the newest perf run against the perfBudgets of the config (exit 1 over budget)',
  options: {
    run: { type: 'string', multiple: true, value: 'FILE', description: 'A run record to check (repeatable)' },
    last: {
      type: 'string',
      value: 'N',
      default: '1',
      description: 'Check the newest N runs, one sample each',
    },
    markdown: { type: 'string', value: 'FILE', description: 'Append Markdown to FILE' },
    github: {
      type: 'boolean',
      description: 'Print ::error annotations and append to $GITHUB_STEP_SUMMARY',
    },
  },
  async run(args, io) {
    const runs = (args.values['run'] as string[] | undefined)?.map((f) => resolve(io.cwd, f))
    const lastArg = args.values['last']
    const last = typeof lastArg === 'string' ? Number(lastArg) : 1
    if (!Number.isInteger(last) || last < 1)
      throw usageError(
        `Invalid value for --last: "${String(lastArg)}"; it must be a whole number of runs (1 or more).`,
      )
    const github = args.values['github'] === true
    const markdown = markdownTarget(args.values, io)
    const check = await perfCheck({
      cwd: io.cwd,
      env: io.env,
      last,
      ...(runs !== undefined && runs.length > 0 ? { runs } : {}),
      ...(markdown !== undefined ? { markdown } : {}),
    })
    const human = github ? `${check.terminal}${check.annotations.join('\n')}\n` : check.terminal
    return {
      data: { runFiles: check.runFiles, ...check.report },
      exitCode: check.report.breaches.length > 0 ? 1 : 0,
      human: human.trimEnd(),
    }
  },
})
