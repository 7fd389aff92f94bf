import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { findBinaries, startEmbedded } from '../../src/engine/index.js'
import { query } from '../support/query.js'

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

  it("serves its owner's sessions on the socket (the password, no SCRAM) and everyone else on loopback with SCRAM", async () => {
    const server = await startEmbedded({})
    try {
      const over = async (url: string) => {
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        try {
          return (
            await client.query<{ addr: string | null; rules: string }>(
              `SELECT inet_client_addr()::text AS addr,
                      (SELECT string_agg(type || ' ' || auth_method, ', ' ORDER BY line_number) FROM pg_hba_file_rules) AS rules`,
            )
          ).rows[0]
        } finally {
          await client.end()
        }
      }
      const socketUrl = server.socketUrl as string
      expect(new URL(socketUrl).searchParams.get('host')).toBe(`${server.clusterDir}/sock`)
      expect(await over(socketUrl)).toEqual({ addr: null, rules: 'local password, host scram-sha-256' })
      expect((await over(server.url))?.addr).toBe('127.0.0.1/32')
      const wrong = new URL(socketUrl)
      wrong.password = 'not-the-password'
      const refused = new pg.Client({ connectionString: wrong.toString() })
      await expect(refused.connect()).rejects.toThrow(/password authentication failed/)
    } finally {
      await server.close()
    }
  })

  it('initializes its own data directory on the first start on a data root; a later start makes the cache', async () => {
    const root = mkdtempSync('/dev/shm/pgt-first-start-')
    try {
      const entries = () => readdirSync(root).filter((n) => n.startsWith('initdb-'))
      const answers = async (server: { url: string; close(): Promise<void> }) => {
        try {
          return await query<{ one: number }>(server.url, 'SELECT 1 AS one')
        } finally {
          await server.close()
        }
      }
      // No kept entries here (cacheTemplates off), so each start after the first needs the cache.
      expect(await answers(await startEmbedded({ dataRoot: root, cacheTemplates: false }))).toEqual([
        { one: 1 },
      ])
      expect(entries()).toEqual([expect.stringMatching(/^initdb-[0-9a-f]+\.first-start$/)])
      expect(await answers(await startEmbedded({ dataRoot: root, cacheTemplates: false }))).toEqual([
        { one: 1 },
      ])
      expect(entries().sort()).toEqual([
        expect.stringMatching(/^initdb-[0-9a-f]+$/),
        expect.stringMatching(/^initdb-[0-9a-f]+\.first-start$/),
      ])
      expect(await answers(await startEmbedded({ dataRoot: root, cacheTemplates: false }))).toEqual([
        { one: 1 },
      ])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
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
