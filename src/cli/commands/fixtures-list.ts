/**
 * `pgtestbed fixtures list`: the versions of the fixture repository, their tiers and files.
 * @module
 */
import { openFixtures, tierDir, tierFiles } from '../../fixtures/index.js'
import { defineCommand } from '../command.js'
import { projectConfig } from '../project.js'
import { FIXTURE_OPTIONS, fixturesDir } from './fixtures-shared.js'

export const fixturesListCommand = defineCommand({
  name: ['fixtures', 'list'],
  summary: 'List fixture versions, the current alias, tiers and file counts.',
  options: { dir: FIXTURE_OPTIONS.dir },
  async run(args, io) {
    const repo = openFixtures(fixturesDir(args, io, await projectConfig(io)))
    const versions = repo.versions.map((v) => ({
      version: v.version,
      current: v.version === repo.current,
      latest: v.version === repo.latest,
      schema: v.schemaFile !== undefined,
      migrationsFrom: Object.keys(v.migrationsFrom),
      checks: v.checkFiles.length,
      tiers: Object.fromEntries(v.tiers.map((t) => [t, tierFiles(tierDir(v, t)).length])),
    }))
    const lines = versions.map(
      (v) =>
        `${v.current ? '*' : ' '} v${v.version}${v.latest ? ' (latest)' : ''}  ${Object.entries(v.tiers)
          .map(([t, n]) => `${t}: ${n} files`)
          .join(', ')}${v.schema ? '' : '  [no schema.sql]'}${
          v.migrationsFrom.length > 0
            ? `  migrates from ${v.migrationsFrom.map((m) => `v${m}`).join(', ')}`
            : ''
        }`,
    )
    return {
      data: { dir: repo.dir, current: repo.current ?? null, latest: repo.latest ?? null, versions },
      human: [`${repo.dir} (* = current)`, ...lines].join('\n'),
    }
  },
})
