/**
 * `pgtestbed perf ab --base REF -- CMD ARGS…`: runs the test command on the base ref (in a
 * temporary git worktree) and on the current checkout, interleaved for k rounds on this
 * machine, and compares per-test times. Exit 1 on a regression (or a broken budget).
 * @module
 */
import { DEFAULT_ROUNDS, perfAb } from '../../perf/perf-ab.js'
import { defineCommand, usageError } from '../command.js'
import { SIGNAL_EXIT } from '../signals.js'
import { markdownTarget } from './perf-outputs.js'

export const perfAbCommand = defineCommand({
  name: ['perf', 'ab'],
  summary: 'Compare per-test times with a base git ref, interleaved on this machine (exit 1 on a regression)',
  args: '-- CMD [ARGS...]',
  allowPositionals: true,
  longRunning: true,
  options: {
    base: {
      type: 'string',
      value: 'REF',
      description: 'Required: the git ref to compare with (branch, tag, commit)',
    },
    rounds: {
      type: 'string',
      value: 'K',
      default: String(DEFAULT_ROUNDS),
      description: 'Interleaved rounds',
    },
    threshold: {
      type: 'string',
      value: 'X',
      default: '1.5',
      description: 'Slowdown ratio a test must reach',
    },
    install: {
      type: 'string',
      value: 'auto|none|CMD',
      default: 'auto',
      description:
        "The base's dependencies: auto links node_modules when package-lock.json is the same, else npm ci",
    },
    markdown: { type: 'string', value: 'FILE', description: 'Append Markdown to FILE' },
    github: { type: 'boolean', description: 'Print ::error annotations and append to $GITHUB_STEP_SUMMARY' },
  },
  async run(args, io) {
    const base = args.values['base']
    if (typeof base !== 'string' || base === '')
      throw usageError('Missing --base REF. Usage: pgtestbed perf ab --base main -- npx vitest run')
    if (args.positionals.length === 0)
      throw usageError('Missing the test command. Usage: pgtestbed perf ab --base main -- npx vitest run')
    const number = (name: string, fallback: number, whole: boolean): number => {
      const raw = args.values[name]
      if (typeof raw !== 'string') return fallback
      const n = Number(raw)
      if (!Number.isFinite(n) || (whole ? !Number.isInteger(n) || n < 2 : n <= 1))
        throw usageError(
          `Invalid value for --${name}: "${raw}"; it must be ${whole ? 'a whole number, 2 or more' : 'a ratio above 1, e.g. 1.5'}.`,
        )
      return n
    }
    const installArg =
      typeof args.values['install'] === 'string' ? (args.values['install'] as string) : 'auto'
    const github = args.values['github'] === true
    const markdown = markdownTarget(args.values, io)
    const stopped = () => (io.signal?.aborted ? (SIGNAL_EXIT[String(io.signal.reason)] ?? 1) : undefined)
    const ab = await perfAb({
      cwd: io.cwd,
      env: io.env,
      base,
      command: args.positionals,
      rounds: number('rounds', DEFAULT_ROUNDS, true),
      threshold: number('threshold', 1.5, false),
      install: installArg === 'auto' || installArg === 'none' ? installArg : { command: installArg },
      log: (line) => io.stderr.write(`${line}\n`),
      ...(markdown !== undefined ? { markdown } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    }).catch((err: unknown) => {
      // Stopped (Ctrl-C): the worktree is gone; exit as a shell reports the signal.
      if (stopped() !== undefined) return undefined
      throw err
    })
    if (ab === undefined) return stopped() ?? 1
    const human = github ? `${ab.terminal}${ab.annotations.join('\n')}\n` : ab.terminal
    return {
      data: {
        base: ab.base,
        times: ab.times,
        measured: ab.measured,
        budgets: ab.budgets ?? null,
        ms: ab.ms,
        failed: ab.failed,
      },
      exitCode: ab.failed ? 1 : 0,
      human: human.trimEnd(),
    }
  },
})
