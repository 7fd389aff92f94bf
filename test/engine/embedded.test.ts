import { existsSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { findBinaries, startEmbedded } from '../../src/engine/index.js'

describe('embedded engine', () => {
  it('starts a tuned cluster, answers queries, and close() twice is safe', async () => {
    const server = await startEmbedded({})
    try {
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      const { rows } = await client.query<{ fsync: string; sc: string; fpw: string }>(
        `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc,
                current_setting('full_page_writes') AS fpw`,
      )
      await client.end()
      expect(rows[0]).toEqual({ fsync: 'off', sc: 'off', fpw: 'off' })
      expect(server.serverVersionNum).toBeGreaterThanOrEqual(150000)
      expect(existsSync(server.clusterDir)).toBe(true)
    } finally {
      await server.close()
      await server.close()
    }
    expect(existsSync(server.clusterDir)).toBe(false)
  })

  it('says how to get binaries when there are none', () => {
    expect(() => findBinaries({ search: [] })).toThrowError(/apt-get install postgresql/)
    try {
      findBinaries({ search: [] })
    } catch (err) {
      expect((err as { code: string }).code).toBe('PGT_NO_BINARIES')
    }
  })
})
