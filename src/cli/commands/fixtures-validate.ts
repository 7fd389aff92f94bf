/**
 * `pgtestbed fixtures validate [VERSION] [--tier T]`: every problem of a fixture version in one
 * report; exit 1 when there is any.
 * @module
 */
import { validateFixtures } from '../../fixtures/index.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'
import { FIXTURE_OPTIONS, fixturesDir, tierOption, withServer } from './fixtures-shared.js'

export const fixturesValidateCommand = defineCommand({
  name: ['fixtures', 'validate'],
  summary: 'Check a fixture version: schema, foreign keys, orphans, checks/*.sql, tier sizes.',
  args: '[VERSION]',
  options: FIXTURE_OPTIONS,
  allowPositionals: true,
  async run(args, io) {
    const tier = tierOption(args)
    return withServer(io, async (server, config) => {
      progressOf(io).phase('validating the fixtures')
      const report = await validateFixtures({
        ...server,
        dir: fixturesDir(args, io, config),
        version: args.positionals[0] ?? config.fixtures?.version ?? 'current',
        tier,
        ...(config.migrations === undefined ? {} : { migrations: config.migrations }),
      })
      const lines = report.problems.map((p) => {
        const where = [p.file, p.table].filter((s) => s !== undefined).join(', ')
        const sample =
          p.sample === undefined
            ? ''
            : `\n      e.g. ${p.sample.map((r) => JSON.stringify(r)).join('\n           ')}`
        return `  ✗ [${p.check}] ${where === '' ? '' : `${where}: `}${p.message}${sample}`
      })
      const head = report.ok
        ? `fixtures v${report.version} ${report.tier}: ok (${Object.keys(report.tables).length} tables)`
        : `fixtures v${report.version} ${report.tier}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`
      return { data: report, human: [head, ...lines].join('\n'), exitCode: report.ok ? 0 : 1 }
    })
  },
})
