/**
 * `pgtestbed ci init github`: writes `.github/workflows/pgtestbed.yml` for the project as it is
 * (`--print` shows it instead; `--force` overwrites).
 * @module
 */
import { initGithub, type TestRunner } from '../../ci/index.js'
import { defineCommand, stringOption, usageError } from '../command.js'

const RUNNERS = ['vitest', 'jest', 'node-test', 'pytest']

export const ciInitCommand = defineCommand({
  name: ['ci', 'init'],
  summary: 'Write a GitHub Actions workflow for the project (tiers, shards, caches, dumps of failed tests)',
  args: 'github',
  allowPositionals: true,
  options: {
    print: { type: 'boolean', description: 'Print the workflow instead of writing it' },
    force: { type: 'boolean', description: 'Overwrite an existing workflow file' },
    service: {
      type: 'string',
      value: 'IMAGE',
      description: 'A PostgreSQL service container (e.g. postgres:16) and the url engine',
    },
    shards: {
      type: 'string',
      value: 'N',
      default: 'test files, at most 4',
      description: 'Shards (parallel jobs) per tier',
    },
    runner: {
      type: 'string',
      value: 'NAME',
      default: 'detected',
      description: 'vitest, jest, node-test or pytest',
    },
    'oauth-rotation': {
      type: 'boolean',
      description: 'Also write the monthly OAuth refresh-token rotation workflow',
    },
    'oauth-providers': {
      type: 'string',
      value: 'A,B',
      description:
        "Rotate each named provider's token in its own step (e.g. google,microsoft); implies --oauth-rotation",
    },
  },
  async run(args, io) {
    const target = args.positionals[0]
    if (target !== 'github')
      throw usageError(
        `Unknown CI "${target ?? ''}": pgtestbed writes GitHub Actions workflows. Usage: pgtestbed ci init github`,
      )
    const runner = stringOption(args, 'runner')
    if (runner !== undefined && !RUNNERS.includes(runner))
      throw usageError(`--runner must be one of ${RUNNERS.join(', ')}; got "${runner}".`)
    const rawShards = stringOption(args, 'shards')
    const shards = rawShards === undefined ? undefined : Number(rawShards)
    if (shards !== undefined && (!Number.isInteger(shards) || shards < 1))
      throw usageError(`--shards must be a whole number ≥ 1; got "${rawShards}".`)
    const service = stringOption(args, 'service')
    const providers = stringOption(args, 'oauth-providers')
    const print = args.values['print'] === true
    const result = initGithub(io.cwd, {
      dryRun: print,
      force: args.values['force'] === true,
      oauthRotation: args.values['oauth-rotation'] === true,
      ...(providers === undefined ? {} : { oauthProviders: providers.split(',').map((p) => p.trim()) }),
      ...(runner === undefined ? {} : { runner: runner as TestRunner }),
      ...(shards === undefined ? {} : { shards }),
      ...(service === undefined ? {} : { service }),
    })
    const human = print
      ? result.files.map((f) => (result.files.length > 1 ? `# --- ${f.path}\n${f.text}` : f.text)).join('\n')
      : `wrote ${result.written.join(', ')} (${result.facts.runner}, ${result.facts.packageManager}, Node ${result.facts.nodeVersion}, tiers: ${result.facts.tiers.join(', ') || 'none'})`
    return { data: { ...result, files: result.files }, human }
  },
})
