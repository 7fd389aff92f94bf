/**
 * `pgtestbed fixtures migrate V1 V2 [--check]`: carry V1's data to V2 through V2's
 * `migration-from-V1.sql` and write it as V2's CSV files; `--check` proves the committed V2 data
 * equals the migrated data (exit 1 otherwise).
 * @module
 */
import { migrateFixtures } from '../../fixtures/index.js'
import { defineCommand, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { FIXTURE_OPTIONS, fixturesDir, tierOption, withServer } from './fixtures-shared.js'

export const fixturesMigrateCommand = defineCommand({
  name: ['fixtures', 'migrate'],
  summary:
    "Migrate a fixture version's data forward and write it as the next version's CSVs (--check: verify).",
  args: 'V1 V2',
  options: {
    ...FIXTURE_OPTIONS,
    check: {
      type: 'boolean',
      description: 'Verify that the committed data equals the migrated data instead of writing it',
    },
  },
  allowPositionals: true,
  async run(args, io) {
    const [from, to] = args.positionals
    if (from === undefined || to === undefined) {
      throw usageError(
        'Failed to migrate fixtures: two versions are needed. Example: pgtestbed fixtures migrate v1.0.0 v1.1.0',
      )
    }
    const tier = tierOption(args)
    return withServer(io, async (server, config) => {
      progressOf(io).phase(`migrating ${from} to ${to}`)
      const m = await migrateFixtures({
        ...server,
        dir: fixturesDir(args, io, config),
        from,
        to,
        tier,
        check: args.values['check'] === true,
      })
      const lines = [`fixtures v${m.from} → v${m.to} (${m.tier}), ${m.mode}`]
      if (m.schemaMismatches.length > 0) {
        lines.push('the migrated schema differs from the declared one:')
        for (const c of m.schemaMismatches) lines.push(`  ${c.message}`)
      }
      for (const f of m.written) lines.push(`  wrote ${f}`)
      for (const t of m.dataDifferences) {
        lines.push(
          `  ${t.table}: committed data differs from migrated: +${t.added} -${t.removed} ~${t.changed}`,
        )
      }
      if (m.mode === 'check' && m.ok) lines.push('  committed data equals the migrated data')
      return { data: m, human: lines.join('\n'), exitCode: m.ok ? 0 : 1 }
    })
  },
})
