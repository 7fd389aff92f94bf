/**
 * `pgtestbed fixtures diff V1 V2`: schema and data changes between two fixture versions and the
 * semver bump they need; exit 1 when the declared bump is too small.
 * @module
 */
import { diffVersions } from '../../fixtures/index.js'
import { defineCommand, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { FIXTURE_OPTIONS, fixturesDir, tierOption, withServer } from './fixtures-shared.js'

export const fixturesDiffCommand = defineCommand({
  name: ['fixtures', 'diff'],
  summary: 'Compare two fixture versions (schema + data) and check the semver bump.',
  args: 'V1 V2',
  options: FIXTURE_OPTIONS,
  allowPositionals: true,
  async run(args, io) {
    const [from, to] = args.positionals
    if (from === undefined || to === undefined) {
      throw usageError(
        'Failed to diff fixtures: two versions are needed. Example: pgtestbed fixtures diff v1.0.0 v1.1.0',
      )
    }
    const tier = tierOption(args)
    return withServer(io, async (server, config) => {
      progressOf(io).phase(`comparing ${from} and ${to}`)
      const d = await diffVersions({ ...server, dir: fixturesDir(args, io, config), from, to, tier })
      const lines = [`fixtures v${d.from} → v${d.to} (${d.tier})`]
      lines.push(d.schema.length === 0 ? 'schema: no changes' : `schema: ${d.schema.length} change(s)`)
      for (const c of d.schema) lines.push(`  [${c.risk}] ${c.message}`)
      lines.push(d.data.length === 0 ? 'data: no changes' : 'data:')
      for (const t of d.data) {
        lines.push(
          `  ${t.table}: +${t.added} -${t.removed} ~${t.changed}${t.status === 'changed' ? '' : ` (table ${t.status})`}`,
        )
        for (const k of t.samples.added) lines.push(`    + ${JSON.stringify(k)}`)
        for (const k of t.samples.removed) lines.push(`    - ${JSON.stringify(k)}`)
        for (const c of t.samples.changed)
          lines.push(`    ~ ${JSON.stringify(c.key)} ${JSON.stringify(c.columns)}`)
      }
      lines.push(
        d.ok
          ? `bump: ${d.declared} declared, ${d.required} required: ok`
          : `bump: ${d.declared} declared, but ${d.required} required:\n${d.reasons
              .filter((r) => r.bump === d.required)
              .map((r) => `  - ${r.reason}`)
              .join('\n')}`,
      )
      return { data: d, human: lines.join('\n'), exitCode: d.ok ? 0 : 1 }
    })
  },
})
