/**
 * `pgtestbed perf baseline`: saves the newest perf run (or --run FILE) as the baseline to
 * commit; never replaces one without --force.
 * @module
 */
import { resolve } from 'node:path'
import { BASELINE_FILE, defaultBaseline, latestRun, saveBaseline } from '../../perf/baseline.js'
import { perfSettings } from '../../perf/perf-options.js'
import { readRun } from '../../perf/run-record.js'
import { defineCommand } from '../command.js'

export const perfBaselineCommand = defineCommand({
  name: ['perf', 'baseline'],
  summary: 'Save the newest perf run as the baseline to commit',
  options: {
    run: { type: 'string', value: 'FILE', description: 'The run record to save (default: the newest)' },
    out: {
      type: 'string',
      value: 'FILE',
      default: `${BASELINE_FILE} (.<tier>.json with PGTESTBED_TIER)`,
      description: 'Where to write the baseline',
    },
    force: { type: 'boolean', description: 'Replace an existing baseline' },
  },
  async run(args, io) {
    const runArg = args.values['run']
    const outArg = args.values['out']
    const picked =
      typeof runArg === 'string'
        ? { run: readRun(resolve(io.cwd, runArg)), file: resolve(io.cwd, runArg) }
        : latestRun(perfSettings(io.env, io.cwd).dir)
    const out = typeof outArg === 'string' ? resolve(io.cwd, outArg) : defaultBaseline(io.cwd, io.env, 'save')
    saveBaseline(picked.run, out, { force: args.values['force'] === true })
    const data = { baseline: out, from: picked.file, tests: picked.run.tests.length }
    return { data, human: `saved ${data.tests} tests from ${data.from} as the baseline ${out}: commit it` }
  },
})
