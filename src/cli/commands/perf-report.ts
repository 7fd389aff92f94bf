/**
 * `pgtestbed perf report`: the newest perf run (or --run FILE), its counts compared with the
 * committed baseline; Markdown/JUnit files and GitHub annotations on request. Exit 1 when a
 * count regressed.
 * @module
 */
import { resolve } from 'node:path'
import { BASELINE_FILE, defaultBaseline } from '../../perf/baseline.js'
import { perfReport } from '../../perf/perf-report.js'
import { defineCommand } from '../command.js'

export const perfReportCommand = defineCommand({
  name: ['perf', 'report'],
  summary: 'Report the newest perf run; compare its counts with the baseline (exit 1 on a regression)',
  options: {
    run: { type: 'string', value: 'FILE', description: 'A run record to report (default: the newest)' },
    baseline: {
      type: 'string',
      value: 'FILE',
      default: `${BASELINE_FILE} (.<tier>.json with PGTESTBED_TIER, if there is one)`,
      description: 'The baseline to compare counts with',
    },
    markdown: {
      type: 'string',
      value: 'FILE',
      description: 'Append Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY)',
    },
    junit: { type: 'string', value: 'FILE', description: 'Write JUnit XML with per-test durations to FILE' },
    html: {
      type: 'string',
      value: 'FILE',
      description: 'Write a self-contained HTML report with charts to FILE',
    },
    github: {
      type: 'boolean',
      description: 'Print ::warning annotations and append to $GITHUB_STEP_SUMMARY',
    },
  },
  async run(args, io) {
    const str = (name: string) =>
      typeof args.values[name] === 'string' ? (args.values[name] as string) : undefined
    const github = args.values['github'] === true
    const summary = github ? io.env['GITHUB_STEP_SUMMARY'] : undefined
    const markdown = str('markdown') ?? summary
    const report = perfReport({
      cwd: io.cwd,
      env: io.env,
      baseline:
        str('baseline') !== undefined
          ? resolve(io.cwd, str('baseline') as string)
          : defaultBaseline(io.cwd, io.env, 'read'),
      ...(str('run') !== undefined ? { run: resolve(io.cwd, str('run') as string) } : {}),
      ...(str('html') !== undefined ? { html: resolve(io.cwd, str('html') as string) } : {}),
      ...(str('junit') !== undefined ? { junit: resolve(io.cwd, str('junit') as string) } : {}),
      ...(markdown !== undefined ? { markdown } : {}),
    })
    const human = github ? `${report.terminal}${report.annotations.join('\n')}\n` : report.terminal
    return {
      data: {
        runFile: report.runFile,
        counts: report.counts ?? null,
        notes: report.notes,
        tests: report.run.tests.length,
      },
      exitCode: (report.counts?.regressions.length ?? 0) > 0 ? 1 : 0,
      human: human.trimEnd(),
    }
  },
})
